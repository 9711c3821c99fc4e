/*
title: First response time by department
description: >
  Tickets opened in the month by department, how many customer-opened tickets were
  answered, and how long customers waited for the first admin reply (FRT, the opening
  message never counts; clock skew is clamped to 0). FRT statistics cover answered
  customer-opened tickets; percentiles are PERCENTILE.INC. A ticket whose admin reply
  came without a usable date is answered, but its FRT is unknown and left out of the FRT
  and SLA figures. The business-hours median is computed with the current calendar. SLA
  met share = tickets answered within their priority's target ÷ customer-opened tickets
  whose outcome is known (answered, or unanswered with the target already passed as of
  as_of); unanswered tickets still within their target are left out. as_of defaults to
  the newest timestamp in the store. Departments are told apart by id and shown under
  their most recent name.
params:
  month: month
  as_of: { type: date, default: null, description: "SLA clock for unanswered tickets (default: newest timestamp in the store)" }
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  department: { label: Department, format: text }
  tickets: { label: Tickets, format: integer }
  admin_opened: { label: Opened by admin, format: integer }
  answered: { label: Answered, format: integer }
  unanswered: { label: Unanswered, format: integer }
  frt_mean_hours: { label: FRT mean (h), format: hours }
  frt_median_hours: { label: FRT median (h), format: hours }
  frt_p90_hours: { label: FRT p90 (h), format: hours }
  frt_business_median_hours: { label: "FRT median, business (h)", format: hours }
  sla_met_share: { label: SLA met, format: percent }
chart: { type: bar, x: department, y: [frt_median_hours, frt_p90_hours] }
*/
WITH clock AS (
    -- Unanswered tickets are judged against the SLA as of this instant.
    SELECT coalesce(:as_of, max(coalesce(newest_ticket, newest_reply), coalesce(newest_reply, newest_ticket))) AS as_of
    FROM (SELECT (SELECT max(opened_at) FROM tickets WHERE :source IS NULL OR source = :source) AS newest_ticket,
                 (SELECT max(created_at) FROM replies WHERE :source IS NULL OR source = :source) AS newest_reply)
),
month_tickets AS (
    SELECT m.source, m.dept_id, m.ticket_id, m.opened_by_admin, m.answered, m.frt_seconds,
           business_seconds(m.opened_at, m.first_response_at) AS frt_business_seconds,
           -- Answered at an unknown time: neither met nor breached.
           CASE WHEN m.opened_by_admin = 0 AND NOT (m.answered = 1 AND m.first_response_at IS NULL)
                THEN sla_breached(m.priority, m.opened_at, m.first_response_at, clock.as_of) END AS breached
    FROM ticket_metrics AS m, clock
    WHERE m.opened_at >= :month_start AND m.opened_at < :month_end AND (:source IS NULL OR m.source = :source)
)
-- One row per department, then the total over all of them (always present). The two
-- branches compute the same figures: keep them in step.
SELECT department, tickets, admin_opened, answered, unanswered, frt_mean_hours, frt_median_hours, frt_p90_hours,
       frt_business_median_hours, sla_met_share
FROM (
    SELECT 0 AS is_total, t.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = t.source AND d.dept_id = t.dept_id) AS department,
           count(t.ticket_id) AS tickets,
           count(CASE WHEN t.opened_by_admin = 1 THEN 1 END) AS admin_opened,
           count(CASE WHEN t.opened_by_admin = 0 AND t.answered = 1 THEN 1 END) AS answered,
           count(CASE WHEN t.opened_by_admin = 0 AND t.answered = 0 THEN 1 END) AS unanswered,
           avg(t.frt_seconds) / 3600.0 AS frt_mean_hours,
           median(t.frt_seconds) / 3600.0 AS frt_median_hours,
           percentile(t.frt_seconds, 0.9) / 3600.0 AS frt_p90_hours,
           median(t.frt_business_seconds) / 3600.0 AS frt_business_median_hours,
           total(t.breached = 0) / nullif(count(t.breached), 0) AS sla_met_share
    FROM month_tickets AS t
    GROUP BY t.source, t.dept_id
    UNION ALL
    SELECT 1, NULL, 'All departments',
           count(t.ticket_id),
           count(CASE WHEN t.opened_by_admin = 1 THEN 1 END),
           count(CASE WHEN t.opened_by_admin = 0 AND t.answered = 1 THEN 1 END),
           count(CASE WHEN t.opened_by_admin = 0 AND t.answered = 0 THEN 1 END),
           avg(t.frt_seconds) / 3600.0,
           median(t.frt_seconds) / 3600.0,
           percentile(t.frt_seconds, 0.9) / 3600.0,
           median(t.frt_business_seconds) / 3600.0,
           total(t.breached = 0) / nullif(count(t.breached), 0)
    FROM month_tickets AS t
)
ORDER BY is_total, department, dept_id;
