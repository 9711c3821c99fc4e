/*
title: Load by department
description: >
  Work per department in the month: tickets opened, customer replies, admin replies and
  internal notes, each counted in the month of its own date (the opening message is not
  a reply; notes are never replies). Admin-opened tickets count as load. The priority
  columns (low, medium, high, other_priority) and status columns (open, closed) break
  down the tickets opened in the month; closed means a status in closed_statuses, as the
  ticket stands now. Departments are told apart by id and shown under their most recent
  name.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
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
WITH opened AS (
    SELECT source, dept_id,
           count(*) AS tickets,
           count(CASE WHEN lower(priority) = 'low' THEN 1 END) AS low,
           count(CASE WHEN lower(priority) = 'medium' THEN 1 END) AS medium,
           count(CASE WHEN lower(priority) = 'high' THEN 1 END) AS high,
           count(CASE WHEN lower(priority) NOT IN ('low', 'medium', 'high') THEN 1 END) AS other_priority,
           count(CASE WHEN is_closed(status) = 1 THEN 1 END) AS closed
    FROM tickets
    WHERE opened_at >= :month_start AND opened_at < :month_end AND (:source IS NULL OR source = :source)
    GROUP BY source, dept_id
),
written AS (
    SELECT t.source, t.dept_id,
           count(CASE WHEN r.is_admin = 1 THEN NULL ELSE 1 END) AS customer_replies,
           count(CASE WHEN r.is_admin = 1 THEN 1 END) AS admin_replies
    FROM replies AS r
    -- `+t.source` steers SQLite to the covering index tickets_dept_by_id (ticket_id, source,
    -- dept_id) instead of the primary key plus a read of the whole ticket row.
    JOIN tickets AS t ON t.ticket_id = r.ticket_id AND +t.source = r.source
    WHERE r.created_at >= :month_start AND r.created_at < :month_end AND r.is_opening = 0
      AND (:source IS NULL OR r.source = :source)
    GROUP BY t.source, t.dept_id
),
noted AS (
    SELECT t.source, t.dept_id, count(*) AS notes
    FROM notes AS n
    JOIN tickets AS t ON t.ticket_id = n.ticket_id AND +t.source = n.source
    WHERE n.created_at >= :month_start AND n.created_at < :month_end AND (:source IS NULL OR n.source = :source)
    GROUP BY t.source, t.dept_id
),
departments_active AS (
    SELECT source, dept_id FROM opened
    UNION
    SELECT source, dept_id FROM written
    UNION
    SELECT source, dept_id FROM noted
),
per_department AS (
    SELECT a.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = a.source AND d.dept_id = a.dept_id) AS department,
           coalesce(o.tickets, 0) AS tickets,
           coalesce(w.customer_replies, 0) AS customer_replies,
           coalesce(w.admin_replies, 0) AS admin_replies,
           coalesce(n.notes, 0) AS notes,
           coalesce(o.low, 0) AS low,
           coalesce(o.medium, 0) AS medium,
           coalesce(o.high, 0) AS high,
           coalesce(o.other_priority, 0) AS other_priority,
           -- status is never NULL, so is_closed() is 0 or 1: open = tickets - closed.
           coalesce(o.tickets - o.closed, 0) AS open,
           coalesce(o.closed, 0) AS closed
    FROM departments_active AS a
    LEFT JOIN opened AS o ON o.source = a.source AND o.dept_id = a.dept_id
    LEFT JOIN written AS w ON w.source = a.source AND w.dept_id = a.dept_id
    LEFT JOIN noted AS n ON n.source = a.source AND n.dept_id = a.dept_id
)
SELECT department, tickets, customer_replies, admin_replies, notes, low, medium, high, other_priority, open, closed
FROM (
    SELECT 0 AS is_total, * FROM per_department
    UNION ALL
    SELECT 1, NULL, 'All departments',
           coalesce(sum(tickets), 0), coalesce(sum(customer_replies), 0), coalesce(sum(admin_replies), 0),
           coalesce(sum(notes), 0), coalesce(sum(low), 0), coalesce(sum(medium), 0), coalesce(sum(high), 0),
           coalesce(sum(other_priority), 0), coalesce(sum(open), 0), coalesce(sum(closed), 0)
    FROM per_department
)
ORDER BY is_total, department, dept_id;
