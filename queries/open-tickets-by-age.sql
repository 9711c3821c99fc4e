/*
title: Open tickets by age
description: >
  Tickets not in a closed status (closed_statuses in ticketreport.yaml), oldest first,
  with how long they have been open and waiting. The clock is as_of when given, else the
  end of --month when given, else the newest timestamp in the store, so the list is
  reproducible. Status is the ticket's current one: this is today's backlog, filtered to
  tickets opened before the clock.
params:
  month: { type: month, default: null, description: "Measure ages at the end of this month (optional)" }
  as_of: { type: date, default: null, description: "Measure ages at the start of this day (optional)" }
columns:
  ticket_id: { label: Ticket ID, format: text }
  tid: { label: "Ticket #", format: text }
  department: { label: Department, format: text }
  priority: { label: Priority, format: text }
  status: { label: Status, format: text }
  subject: { label: Subject, format: text }
  requester: { label: Requester, format: text }
  opened_at: { label: Opened, format: datetime }
  last_reply_at: { label: Last reply, format: datetime }
  age_days: { label: Age (days), format: number }
  age_bucket: { label: Age, format: text }
  answered: { label: Answered, format: text }
  admin_replies: { label: Admin replies, format: integer }
*/
WITH clock AS (
    SELECT coalesce(:as_of, :month_end, max(coalesce(newest_ticket, newest_reply), coalesce(newest_reply, newest_ticket))) AS as_of
    FROM (SELECT (SELECT max(opened_at) FROM tickets) AS newest_ticket,
                 (SELECT max(created_at) FROM replies) AS newest_reply)
),
open AS (
    SELECT t.ticket_id, t.tid, t.dept_name, t.priority, t.status, t.subject,
           coalesce(t.requestor_name, t.name) AS name, t.opened_at, t.last_reply_at, m.answered, m.admin_replies,
           (unixepoch(clock.as_of) - unixepoch(t.opened_at)) / 86400.0 AS age_days
    FROM tickets AS t
    JOIN ticket_metrics AS m ON m.source = t.source AND m.ticket_id = t.ticket_id, clock
    WHERE NOT is_closed(t.status) AND t.opened_at < clock.as_of
)
SELECT ticket_id,
       tid,
       dept_name AS department,
       priority,
       status,
       subject,
       name AS requester,
       opened_at,
       last_reply_at,
       age_days,
       CASE WHEN age_days < 1 THEN 'under 1 day'
            WHEN age_days < 3 THEN '1–3 days'
            WHEN age_days < 7 THEN '3–7 days'
            WHEN age_days < 30 THEN '1–4 weeks'
            ELSE 'over 30 days' END AS age_bucket,
       CASE WHEN answered = 1 THEN 'yes' ELSE 'no' END AS answered,
       admin_replies
FROM open
ORDER BY opened_at, ticket_id;
