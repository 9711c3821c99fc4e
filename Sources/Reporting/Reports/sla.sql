/*
title: First-response SLA by department and priority
description: >
  Customer-opened tickets opened in the month against their priority's first-response
  target (sla.first_response in ticketreport.yaml; counted in business hours or calendar
  time as configured). met = answered within the target; breached = answered after the
  target, or unanswered with the target already passed as of as_of (breached_unanswered
  counts those); pending = unanswered and still within the target, left out of the share;
  time_unknown = answered by a reply the helpdesk sent without a usable date, also left
  out. SLA met share = met ÷ (met + breached). as_of defaults to the newest timestamp in
  the store. Admin-opened tickets have no first response and are not counted. Departments
  are told apart by id and shown under their most recent name.
params:
  month: month
  as_of: { type: date, default: null, description: "SLA clock for unanswered tickets (default: newest timestamp in the store)" }
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
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
  time_unknown: { label: "Answered, time unknown", format: integer }
  sla_met_share: { label: SLA met, format: percent }
*/
WITH clock AS (
    SELECT coalesce(:as_of, max(coalesce(newest_ticket, newest_reply), coalesce(newest_reply, newest_ticket))) AS as_of
    FROM (SELECT (SELECT max(opened_at) FROM tickets WHERE :source IS NULL OR source = :source) AS newest_ticket,
                 (SELECT max(created_at) FROM replies WHERE :source IS NULL OR source = :source) AS newest_reply)
),
month_tickets AS (
    SELECT m.source, m.dept_id, m.priority, m.first_response_at,
           m.answered = 1 AND m.first_response_at IS NULL AS time_unknown,
           CASE WHEN NOT (m.answered = 1 AND m.first_response_at IS NULL)
                THEN sla_breached(m.priority, m.opened_at, m.first_response_at, clock.as_of) END AS breached
    FROM ticket_metrics AS m, clock
    WHERE m.opened_at >= :month_start AND m.opened_at < :month_end AND m.opened_by_admin = 0
      AND (:source IS NULL OR m.source = :source)
),
-- Counts per department and priority; the totals below add them up.
cells AS (
    SELECT source, dept_id, priority,
           count(*) AS tickets,
           count(CASE WHEN breached = 0 THEN 1 END) AS met,
           count(CASE WHEN breached = 1 THEN 1 END) AS breached,
           count(CASE WHEN breached = 1 AND first_response_at IS NULL THEN 1 END) AS breached_unanswered,
           count(CASE WHEN breached IS NULL AND NOT time_unknown THEN 1 END) AS pending,
           count(CASE WHEN time_unknown THEN 1 END) AS time_unknown
    FROM month_tickets
    GROUP BY source, dept_id, priority
),
scopes AS (
    SELECT 0 AS all_departments, c.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = c.source AND d.dept_id = c.dept_id) AS department,
           0 AS all_priorities, priority, tickets, met, breached, breached_unanswered, pending, time_unknown
    FROM cells AS c
    UNION ALL
    SELECT 1, NULL, 'All departments', 0, priority,
           sum(tickets), sum(met), sum(breached), sum(breached_unanswered), sum(pending), sum(time_unknown)
    FROM cells
    GROUP BY priority
    UNION ALL
    SELECT 1, NULL, 'All departments', 1, 'All priorities',
           coalesce(sum(tickets), 0), coalesce(sum(met), 0), coalesce(sum(breached), 0),
           coalesce(sum(breached_unanswered), 0), coalesce(sum(pending), 0), coalesce(sum(time_unknown), 0)
    FROM cells
)
SELECT department,
       priority,
       CASE WHEN all_priorities = 0 THEN sla_target_seconds(priority) / 3600.0 END AS target_hours,
       CASE WHEN all_priorities = 0
            THEN CASE WHEN sla_is_business(priority) THEN 'business hours' ELSE 'calendar' END END AS clock,
       tickets, met, breached, breached_unanswered, pending, time_unknown,
       CAST(met AS REAL) / nullif(met + breached, 0) AS sla_met_share
FROM scopes
ORDER BY all_departments, department, dept_id, all_priorities,
         CASE lower(priority) WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,
         priority;
