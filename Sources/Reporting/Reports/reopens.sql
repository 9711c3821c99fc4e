/*
title: Reopened tickets by department
description: >
  Observed closes and reopens. closed = tickets whose status was seen to change from open
  to closed by a fetch in the period; reopened = of those, tickets seen open again after
  that close (a change from closed to open observed after the ticket's first close of
  the period, up to the store's last look); reopen_rate = reopened ÷ closed (NULL when
  nothing closed); reopen_events = changes from closed to open observed in the period,
  by any ticket. Closed means a closed status (closed_statuses). A change is dated by the
  fetch that saw it, not when it happened; tickets closed before the store first looked
  at them, or closed and reopened between two looks, are not seen. Departments are the
  tickets' current ones, told apart by id, under their most recent name.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  department: { label: Department, format: text }
  closed: { label: Closed (observed), format: integer }
  reopened: { label: Reopened since, format: integer }
  reopen_rate: { label: Reopen rate, format: percent }
  reopen_events: { label: Reopens in period, format: integer }
chart: { type: bar, x: department, y: [reopen_rate] }
*/
WITH moves AS MATERIALIZED (
    SELECT e.source, e.ticket_id, e.observed_at,
           is_closed(e.old_value) AS was_closed, is_closed(e.new_value) AS now_closed
    FROM ticket_events AS e
    WHERE e.observed_at >= :month_start AND e.observed_at < :month_end AND e.field = 'status'
      AND (:source IS NULL OR e.source = :source)
),
closes AS (
    SELECT source, ticket_id, min(observed_at) AS first_close
    FROM moves WHERE NOT was_closed AND now_closed
    GROUP BY source, ticket_id
),
-- One row per closed ticket and one per reopen of the period, with the ticket's department.
counted AS (
    SELECT c.source, t.dept_id, 1 AS closed,
           EXISTS (SELECT 1 FROM ticket_events AS r
                   WHERE r.source = c.source AND r.ticket_id = c.ticket_id AND r.observed_at > c.first_close
                     AND r.field = 'status' AND is_closed(r.old_value) AND NOT is_closed(r.new_value)) AS reopened,
           0 AS reopen_events
    FROM closes AS c JOIN tickets AS t ON t.source = c.source AND t.ticket_id = c.ticket_id
    UNION ALL
    SELECT m.source, t.dept_id, 0, 0, 1
    FROM moves AS m JOIN tickets AS t ON t.source = m.source AND t.ticket_id = m.ticket_id
    WHERE m.was_closed AND NOT m.now_closed
)
-- One row per department, then the total (always present); keep the branches in step.
SELECT department, closed, reopened, reopen_rate, reopen_events
FROM (
    SELECT 0 AS is_total, c.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = c.source AND d.dept_id = c.dept_id) AS department,
           sum(c.closed) AS closed,
           sum(c.reopened) AS reopened,
           CAST(sum(c.reopened) AS REAL) / nullif(sum(c.closed), 0) AS reopen_rate,
           sum(c.reopen_events) AS reopen_events
    FROM counted AS c
    GROUP BY c.source, c.dept_id
    UNION ALL
    SELECT 1, NULL, 'All departments',
           coalesce(sum(closed), 0),
           coalesce(sum(reopened), 0),
           CAST(sum(reopened) AS REAL) / nullif(sum(closed), 0),
           coalesce(sum(reopen_events), 0)
    FROM counted
)
ORDER BY is_total, department, dept_id;
