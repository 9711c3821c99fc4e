/*
title: Unanswered tickets
description: >
  Customer-opened tickets not in a closed status that have no admin reply (internal notes
  do not count; a reply without a usable date still counts), opened before as_of, oldest
  first. Age is measured at as_of, which
  defaults to the end of the month, so the list is reproducible; pass --param
  as_of=YYYY-MM-DD for another day. past_sla_target says whether the priority's
  first-response target had passed by then.
params:
  month: month
  as_of: { type: date, default: month_end, description: "Measure age at the start of this day (default: end of the month)" }
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  ticket_id: { label: Ticket id, format: text }
  tid: { label: Ticket, format: text }
  department: { label: Department, format: text }
  priority: { label: Priority, format: text }
  status: { label: Status, format: text }
  subject: { label: Subject, format: text }
  opened_at: { label: Opened, format: datetime }
  age_hours: { label: Age (h), format: hours }
  business_age_hours: { label: "Age, business (h)", format: hours }
  past_sla_target: { label: Past SLA target, format: text }
*/
SELECT m.ticket_id,
       t.tid,
       coalesce((SELECT d.dept_name FROM departments AS d WHERE d.source = m.source AND d.dept_id = m.dept_id),
                m.dept_name) AS department,
       m.priority,
       m.status,
       t.subject,
       m.opened_at,
       (unixepoch(:as_of) - unixepoch(m.opened_at)) / 3600.0 AS age_hours,
       business_seconds(m.opened_at, :as_of) / 3600.0 AS business_age_hours,
       CASE WHEN sla_breached(m.priority, m.opened_at, NULL, :as_of) = 1 THEN 'yes' ELSE 'no' END AS past_sla_target
FROM ticket_metrics AS m
JOIN tickets AS t ON t.source = m.source AND t.ticket_id = m.ticket_id
WHERE m.opened_by_admin = 0
  AND m.answered = 0
  AND NOT is_closed(m.status)
  AND m.opened_at < :as_of
  AND (:source IS NULL OR m.source = :source)
ORDER BY m.opened_at, m.ticket_id;
