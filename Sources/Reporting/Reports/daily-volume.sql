/*
title: Tickets opened per day
description: >
  Tickets opened on each day of the month (by the ticket's date, the helpdesk's local
  time), every day listed, zero when none; admin-opened tickets included and also shown
  on their own.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  day: { label: Day, format: date }
  tickets: { label: Tickets, format: integer }
  admin_opened: { label: Opened by admin, format: integer }
chart: { type: line, x: day, y: [tickets] }
*/
WITH RECURSIVE days(day) AS (
    SELECT date(:month_start)
    UNION ALL
    SELECT date(day, '+1 day') FROM days WHERE date(day, '+1 day') < date(:month_end)
)
SELECT d.day,
       count(t.ticket_id) AS tickets,
       count(CASE WHEN t.opened_by_admin = 1 THEN 1 END) AS admin_opened
FROM days AS d
LEFT JOIN tickets AS t ON t.opened_at >= d.day AND t.opened_at < date(d.day, '+1 day')
    AND (:source IS NULL OR t.source = :source)
GROUP BY d.day
ORDER BY d.day;
