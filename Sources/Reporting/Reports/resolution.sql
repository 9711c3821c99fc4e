/*
title: Resolution time (proxy) by department
description: >
  A proxy for resolution time: the API has no status history, so for tickets opened in the
  month that are now in a closed status this is the ticket's last reply (lastreply) minus
  its opening date, clamped at 0. It overstates when a customer writes after the fix (a
  thank-you, say). Percentiles are PERCENTILE.INC. Closed counts every closed ticket of
  the month; the times cover those with a lastreply date. Departments are told apart by id
  and shown under their most recent name.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  department: { label: Department, format: text }
  closed: { label: Closed tickets, format: integer }
  resolution_mean_hours: { label: Resolution (proxy) mean (h), format: hours }
  resolution_median_hours: { label: Resolution (proxy) median (h), format: hours }
  resolution_p90_hours: { label: Resolution (proxy) p90 (h), format: hours }
chart: { type: bar, x: department, y: [resolution_median_hours, resolution_p90_hours] }
*/
WITH closed_tickets AS (
    SELECT source, dept_id, ticket_id,
           -- NULL without a lastreply date: counted as closed, left out of the times.
           max(0, unixepoch(last_reply_at) - unixepoch(opened_at)) AS resolution_seconds
    FROM ticket_metrics
    WHERE opened_at >= :month_start AND opened_at < :month_end AND (:source IS NULL OR source = :source)
      AND is_closed(status)
)
-- One row per department, then the total (always present); keep the branches in step.
SELECT department, closed, resolution_mean_hours, resolution_median_hours, resolution_p90_hours
FROM (
    SELECT 0 AS is_total, c.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = c.source AND d.dept_id = c.dept_id) AS department,
           count(ticket_id) AS closed,
           avg(resolution_seconds) / 3600.0 AS resolution_mean_hours,
           median(resolution_seconds) / 3600.0 AS resolution_median_hours,
           percentile(resolution_seconds, 0.9) / 3600.0 AS resolution_p90_hours
    FROM closed_tickets AS c
    GROUP BY c.source, c.dept_id
    UNION ALL
    SELECT 1, NULL, 'All departments',
           count(ticket_id),
           avg(resolution_seconds) / 3600.0,
           median(resolution_seconds) / 3600.0,
           percentile(resolution_seconds, 0.9) / 3600.0
    FROM closed_tickets
)
ORDER BY is_total, department, dept_id;
