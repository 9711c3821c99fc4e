/*
title: Slowest first responses
description: >
  The answered tickets opened in the month with the longest first response time (calendar
  time; the business-hours figure beside it), slowest first. --param limit=N changes how
  many (default 50).
params:
  month: month
  limit: { type: int, default: 50, description: How many tickets to list }
columns:
  ticket_id: { label: Ticket ID, format: text }
  tid: { label: "Ticket #", format: text }
  department: { label: Department, format: text }
  priority: { label: Priority, format: text }
  subject: { label: Subject, format: text }
  opened_at: { label: Opened, format: datetime }
  first_response_at: { label: First response, format: datetime }
  first_responder: { label: First responder, format: text }
  frt_hours: { label: FRT (h), format: hours }
  frt_business_hours: { label: "FRT, business (h)", format: hours }
*/
SELECT m.ticket_id,
       t.tid,
       m.dept_name AS department,
       m.priority,
       t.subject,
       m.opened_at,
       m.first_response_at,
       m.first_responder,
       m.frt_seconds / 3600.0 AS frt_hours,
       m.frt_business_seconds / 3600.0 AS frt_business_hours
FROM ticket_metrics AS m
JOIN tickets AS t ON t.source = m.source AND t.ticket_id = m.ticket_id
WHERE m.opened_at >= :month_start AND m.opened_at < :month_end
  AND m.frt_seconds IS NOT NULL
ORDER BY m.frt_seconds DESC, m.ticket_id
LIMIT :limit;
