/*
title: Rated replies
description: >
  Every admin reply a customer rated (1–5) in the period, by the reply's date, with the
  first 200 characters of the message on one line. For a year:
  --from 2026-01-01 --to 2026-12-31.
params:
  month: month
columns:
  created_at: { label: Date, format: datetime }
  ticket_id: { label: Ticket ID, format: text }
  tid: { label: "Ticket #", format: text }
  department: { label: Department, format: text }
  admin: { label: Admin, format: text }
  rating: { label: Rating, format: integer }
  requester: { label: Requester, format: text }
  subject: { label: Subject, format: text }
  excerpt: { label: Message (start), format: text }
*/
SELECT r.created_at,
       r.ticket_id,
       t.tid,
       t.dept_name AS department,
       r.admin,
       r.rating,
       coalesce(t.requestor_name, t.name) AS requester,
       t.subject,
       substr(trim(replace(replace(replace(r.message, char(13), ''), char(10), ' '), '  ', ' ')), 1, 200)
           || CASE WHEN length(r.message) > 200 THEN '…' ELSE '' END AS excerpt
FROM replies AS r
JOIN tickets AS t ON t.source = r.source AND t.ticket_id = r.ticket_id
WHERE r.created_at >= :month_start AND r.created_at < :month_end
  AND r.rating IS NOT NULL
ORDER BY r.created_at, r.ticket_id, r.position;
