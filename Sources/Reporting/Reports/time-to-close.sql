/*
title: Time to close (observed) by department
description: >
  How long tickets took to close, from the status history the store records. Observed:
  tickets whose first observed close (the first fetch that saw the status change from
  open to closed) falls in the period; closed counts them, median_hours and p90_hours are
  that fetch's time minus the ticket's opening date (PERCENTILE.INC, clamped at 0). The
  close happened before that fetch, not at it: median_gap_hours is the median of the
  fetch time minus the ticket's last reply as that fetch saw it, an upper bound on how
  late the close was seen; read the times with it. Proxy, for tickets already closed
  when the store first looked at them (their close was never observed): proxy_closed
  counts those whose last reply (as first seen) falls in the period, and
  proxy_median_hours is last reply minus opening date, clamped at 0, as in the
  resolution report; only tickets first looked at from the period's start on are
  included. Departments are the tickets' current ones, told apart by id, under their
  most recent name.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  department: { label: Department, format: text }
  closed: { label: Closes observed, format: integer }
  median_hours: { label: Time to close median (h), format: hours }
  p90_hours: { label: Time to close p90 (h), format: hours }
  median_gap_hours: { label: "Seen after last reply, median (h)", format: hours }
  proxy_closed: { label: Closed before first look, format: integer }
  proxy_median_hours: { label: Proxy median (h), format: hours }
chart: { type: bar, x: department, y: [median_hours, p90_hours] }
*/
WITH first_closes AS (
    SELECT e.source, e.ticket_id, e.observed_at, e.last_reply_at
    FROM ticket_events AS e
    WHERE e.observed_at >= :month_start AND e.observed_at < :month_end AND e.field = 'status'
      AND (:source IS NULL OR e.source = :source)
      AND NOT is_closed(e.old_value) AND is_closed(e.new_value)
      AND NOT EXISTS (SELECT 1 FROM ticket_events AS p
                      WHERE p.source = e.source AND p.ticket_id = e.ticket_id AND p.observed_at < e.observed_at
                        AND p.field = 'status' AND NOT is_closed(p.old_value) AND is_closed(p.new_value))
),
closes AS (
    -- Observed: seconds from opening to the fetch that saw the close, and from the last reply.
    SELECT f.source, t.dept_id,
           max(0, unixepoch(f.observed_at) - unixepoch(t.opened_at)) AS close_seconds,
           max(0, unixepoch(f.observed_at) - unixepoch(f.last_reply_at)) AS gap_seconds,
           NULL AS proxy_seconds, 0 AS proxy
    FROM first_closes AS f JOIN tickets AS t ON t.source = f.source AND t.ticket_id = f.ticket_id
    UNION ALL
    -- Proxy: first seen already closed, last reply in the period.
    SELECT e.source, t.dept_id, NULL, NULL,
           max(0, unixepoch(e.last_reply_at) - unixepoch(t.opened_at)), 1
    FROM ticket_events AS e JOIN tickets AS t ON t.source = e.source AND t.ticket_id = e.ticket_id
    WHERE e.observed_at >= :month_start AND e.field = 'created' AND is_closed(e.new_value)
      AND (:source IS NULL OR e.source = :source)
      AND e.last_reply_at >= :month_start AND e.last_reply_at < :month_end
)
-- One row per department, then the total (always present); keep the branches in step.
SELECT department, closed, median_hours, p90_hours, median_gap_hours, proxy_closed, proxy_median_hours
FROM (
    SELECT 0 AS is_total, c.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = c.source AND d.dept_id = c.dept_id) AS department,
           count(CASE WHEN c.proxy = 0 THEN 1 END) AS closed,
           median(c.close_seconds) / 3600.0 AS median_hours,
           percentile(c.close_seconds, 0.9) / 3600.0 AS p90_hours,
           median(c.gap_seconds) / 3600.0 AS median_gap_hours,
           count(CASE WHEN c.proxy = 1 THEN 1 END) AS proxy_closed,
           median(c.proxy_seconds) / 3600.0 AS proxy_median_hours
    FROM closes AS c
    GROUP BY c.source, c.dept_id
    UNION ALL
    SELECT 1, NULL, 'All departments',
           count(CASE WHEN proxy = 0 THEN 1 END),
           median(close_seconds) / 3600.0,
           percentile(close_seconds, 0.9) / 3600.0,
           median(gap_seconds) / 3600.0,
           count(CASE WHEN proxy = 1 THEN 1 END),
           median(proxy_seconds) / 3600.0
    FROM closes
)
ORDER BY is_total, department, dept_id;
