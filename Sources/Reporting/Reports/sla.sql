/*
title: First-response SLA by department and priority
description: >
  Customer-opened tickets opened in the month against their priority's first-response
  target (sla.first_response in ticketreport.yaml; counted in business hours or calendar
  time as configured). met = answered within the target; breached = answered after the
  target, or unanswered with the target already passed as of as_of (breached_unanswered
  counts those); pending = unanswered and still within the target, left out of the share.
  SLA met share = met ÷ (met + breached). as_of defaults to the newest timestamp in the
  store. Admin-opened tickets have no first response and are not counted.
params:
  month: month
  as_of: { type: date, default: null, description: "SLA clock for unanswered tickets (default: newest timestamp in the store)" }
columns:
  department: { label: Department, format: text }
  priority: { label: Priority, format: text }
  target_hours: { label: Target (h), format: hours }
  clock: { label: Counted in, format: text }
  tickets: { label: Tickets, format: integer }
  met: { label: Met, format: integer }
  breached: { label: Breached, format: integer }
  breached_unanswered: { label: "Breached, unanswered", format: integer }
  pending: { label: Pending, format: integer }
  sla_met_share: { label: SLA met, format: percent }
*/
WITH clock AS (
    SELECT coalesce(:as_of, max(coalesce(newest_ticket, newest_reply), coalesce(newest_reply, newest_ticket))) AS as_of
    FROM (SELECT (SELECT max(opened_at) FROM tickets) AS newest_ticket,
                 (SELECT max(created_at) FROM replies) AS newest_reply)
),
month_tickets AS (
    SELECT m.ticket_id, m.dept_name, m.priority, m.first_response_at,
           sla_breached(m.priority, m.opened_at, m.first_response_at, clock.as_of) AS breached
    FROM ticket_metrics AS m, clock
    WHERE m.opened_at >= :month_start AND m.opened_at < :month_end AND m.opened_by_admin = 0
),
scopes AS (
    SELECT DISTINCT 0 AS all_departments, dept_name AS department, 0 AS all_priorities, priority FROM month_tickets
    UNION ALL
    SELECT DISTINCT 1, 'All departments', 0, priority FROM month_tickets
    UNION ALL
    SELECT 1, 'All departments', 1, 'All priorities'
)
SELECT s.department,
       s.priority,
       CASE WHEN s.all_priorities = 0 THEN sla_target_seconds(s.priority) / 3600.0 END AS target_hours,
       CASE WHEN s.all_priorities = 0
            THEN CASE WHEN sla_is_business(s.priority) THEN 'business hours' ELSE 'calendar' END END AS clock,
       count(t.ticket_id) AS tickets,
       count(CASE WHEN t.breached = 0 THEN 1 END) AS met,
       count(CASE WHEN t.breached = 1 THEN 1 END) AS breached,
       count(CASE WHEN t.breached = 1 AND t.first_response_at IS NULL THEN 1 END) AS breached_unanswered,
       count(CASE WHEN t.ticket_id IS NOT NULL AND t.breached IS NULL THEN 1 END) AS pending,
       total(t.breached = 0) / nullif(count(t.breached), 0) AS sla_met_share
FROM scopes AS s
LEFT JOIN month_tickets AS t
       ON (s.all_departments = 1 OR t.dept_name = s.department)
      AND (s.all_priorities = 1 OR t.priority = s.priority)
GROUP BY s.all_departments, s.department, s.all_priorities, s.priority
ORDER BY s.all_departments, s.department, s.all_priorities,
         CASE lower(s.priority) WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,
         s.priority;
