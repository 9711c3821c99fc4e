/*
title: Load by department
description: >
  Work per department in the month: tickets opened, customer replies, admin replies and
  internal notes, each counted in the month of its own date (the opening message is not
  a reply; notes are never replies). Admin-opened tickets count as load. The priority
  columns (low, medium, high, other_priority) and status columns (open, closed) break
  down the tickets opened in the month; closed means a status in closed_statuses, as the
  ticket stands now.
params:
  month: month
columns:
  department: { label: Department, format: text }
  tickets: { label: Tickets opened, format: integer }
  customer_replies: { label: Customer replies, format: integer }
  admin_replies: { label: Admin replies, format: integer }
  notes: { label: Notes, format: integer }
  low: { label: Low, format: integer }
  medium: { label: Medium, format: integer }
  high: { label: High, format: integer }
  other_priority: { label: Other priority, format: integer }
  open: { label: Open now, format: integer }
  closed: { label: Closed now, format: integer }
chart: { type: bar, x: department, y: [tickets, customer_replies, admin_replies, notes] }
*/
WITH work AS (
    SELECT dept_name AS department, 'ticket' AS kind, lower(priority) AS priority, is_closed(status) AS closed
    FROM tickets
    WHERE opened_at >= :month_start AND opened_at < :month_end
    UNION ALL
    SELECT t.dept_name, CASE WHEN r.is_admin = 1 THEN 'admin_reply' ELSE 'customer_reply' END, NULL, NULL
    FROM replies AS r
    JOIN tickets AS t ON t.source = r.source AND t.ticket_id = r.ticket_id
    WHERE r.created_at >= :month_start AND r.created_at < :month_end AND r.is_opening = 0
    UNION ALL
    SELECT t.dept_name, 'note', NULL, NULL
    FROM notes AS n
    JOIN tickets AS t ON t.source = n.source AND t.ticket_id = n.ticket_id
    WHERE n.created_at >= :month_start AND n.created_at < :month_end
),
scopes AS (
    SELECT DISTINCT 0 AS is_total, department FROM work
    UNION ALL
    SELECT 1, 'All departments'
)
SELECT s.department,
       count(CASE WHEN w.kind = 'ticket' THEN 1 END) AS tickets,
       count(CASE WHEN w.kind = 'customer_reply' THEN 1 END) AS customer_replies,
       count(CASE WHEN w.kind = 'admin_reply' THEN 1 END) AS admin_replies,
       count(CASE WHEN w.kind = 'note' THEN 1 END) AS notes,
       count(CASE WHEN w.kind = 'ticket' AND w.priority = 'low' THEN 1 END) AS low,
       count(CASE WHEN w.kind = 'ticket' AND w.priority = 'medium' THEN 1 END) AS medium,
       count(CASE WHEN w.kind = 'ticket' AND w.priority = 'high' THEN 1 END) AS high,
       count(CASE WHEN w.kind = 'ticket' AND w.priority NOT IN ('low', 'medium', 'high') THEN 1 END) AS other_priority,
       count(CASE WHEN w.kind = 'ticket' AND w.closed = 0 THEN 1 END) AS open,
       count(CASE WHEN w.kind = 'ticket' AND w.closed = 1 THEN 1 END) AS closed
FROM scopes AS s
LEFT JOIN work AS w ON s.is_total = 1 OR w.department = s.department
GROUP BY s.is_total, s.department
ORDER BY s.is_total, s.department;
