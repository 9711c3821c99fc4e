/*
title: Tickets by status
params: { month: month, from: { type: date, default: month_start }, top: { type: int, default: 10 } }
columns:
  tickets: { label: Tickets, format: integer }
chart: { type: bar, x: status, y: [tickets] }
*/
SELECT status, count(*) AS tickets FROM tickets
WHERE opened_at >= :month_start AND opened_at < :month_end AND opened_at >= :from
GROUP BY status ORDER BY tickets DESC LIMIT :top;
