/*
title: Status changes
description: >
  Every status change observed in the period: from_status to to_status as the helpdesk
  names them, transitions = how many fetches saw that change, tickets = how many distinct
  tickets. Observed between two fetches: a ticket that went through several statuses
  between two looks shows as one change from the first to the last, dated by the fetch
  that saw it. Most frequent first.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  from_status: { label: From, format: text }
  to_status: { label: To, format: text }
  transitions: { label: Changes, format: integer }
  tickets: { label: Tickets, format: integer }
*/
SELECT e.old_value AS from_status, e.new_value AS to_status,
       count(*) AS transitions,
       count(DISTINCT e.source || ':' || e.ticket_id) AS tickets
FROM ticket_events AS e
WHERE e.observed_at >= :month_start AND e.observed_at < :month_end AND e.field = 'status'
  AND (:source IS NULL OR e.source = :source)
GROUP BY e.old_value, e.new_value
ORDER BY transitions DESC, from_status, to_status;
