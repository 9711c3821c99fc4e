/*
title: Tickets opened by weekday and hour
description: >
  When tickets arrive: tickets opened in the month by weekday (rows, Monday first) and
  hour of the day (columns h00–h23), in the helpdesk's local time; admin-opened tickets
  included.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  weekday: { label: Weekday, format: text }
  h00: { label: "00", format: integer }
  h01: { label: "01", format: integer }
  h02: { label: "02", format: integer }
  h03: { label: "03", format: integer }
  h04: { label: "04", format: integer }
  h05: { label: "05", format: integer }
  h06: { label: "06", format: integer }
  h07: { label: "07", format: integer }
  h08: { label: "08", format: integer }
  h09: { label: "09", format: integer }
  h10: { label: "10", format: integer }
  h11: { label: "11", format: integer }
  h12: { label: "12", format: integer }
  h13: { label: "13", format: integer }
  h14: { label: "14", format: integer }
  h15: { label: "15", format: integer }
  h16: { label: "16", format: integer }
  h17: { label: "17", format: integer }
  h18: { label: "18", format: integer }
  h19: { label: "19", format: integer }
  h20: { label: "20", format: integer }
  h21: { label: "21", format: integer }
  h22: { label: "22", format: integer }
  h23: { label: "23", format: integer }
chart: { type: heatmap, x: weekday, y: [h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23] }
*/
WITH weekdays(position, dow, weekday) AS (
    VALUES (1, 1, 'Mon'), (2, 2, 'Tue'), (3, 3, 'Wed'), (4, 4, 'Thu'), (5, 5, 'Fri'), (6, 6, 'Sat'), (7, 0, 'Sun')
),
-- Counted once per weekday and hour, then spread into columns.
opened AS (
    SELECT CAST(strftime('%w', opened_at) AS INTEGER) AS dow,
           CAST(strftime('%H', opened_at) AS INTEGER) AS hour,
           count(*) AS n
    FROM tickets
    WHERE opened_at >= :month_start AND opened_at < :month_end AND (:source IS NULL OR source = :source)
    GROUP BY dow, hour
)
SELECT w.weekday,
       coalesce(sum(CASE WHEN o.hour = 0 THEN o.n END), 0) AS h00,
       coalesce(sum(CASE WHEN o.hour = 1 THEN o.n END), 0) AS h01,
       coalesce(sum(CASE WHEN o.hour = 2 THEN o.n END), 0) AS h02,
       coalesce(sum(CASE WHEN o.hour = 3 THEN o.n END), 0) AS h03,
       coalesce(sum(CASE WHEN o.hour = 4 THEN o.n END), 0) AS h04,
       coalesce(sum(CASE WHEN o.hour = 5 THEN o.n END), 0) AS h05,
       coalesce(sum(CASE WHEN o.hour = 6 THEN o.n END), 0) AS h06,
       coalesce(sum(CASE WHEN o.hour = 7 THEN o.n END), 0) AS h07,
       coalesce(sum(CASE WHEN o.hour = 8 THEN o.n END), 0) AS h08,
       coalesce(sum(CASE WHEN o.hour = 9 THEN o.n END), 0) AS h09,
       coalesce(sum(CASE WHEN o.hour = 10 THEN o.n END), 0) AS h10,
       coalesce(sum(CASE WHEN o.hour = 11 THEN o.n END), 0) AS h11,
       coalesce(sum(CASE WHEN o.hour = 12 THEN o.n END), 0) AS h12,
       coalesce(sum(CASE WHEN o.hour = 13 THEN o.n END), 0) AS h13,
       coalesce(sum(CASE WHEN o.hour = 14 THEN o.n END), 0) AS h14,
       coalesce(sum(CASE WHEN o.hour = 15 THEN o.n END), 0) AS h15,
       coalesce(sum(CASE WHEN o.hour = 16 THEN o.n END), 0) AS h16,
       coalesce(sum(CASE WHEN o.hour = 17 THEN o.n END), 0) AS h17,
       coalesce(sum(CASE WHEN o.hour = 18 THEN o.n END), 0) AS h18,
       coalesce(sum(CASE WHEN o.hour = 19 THEN o.n END), 0) AS h19,
       coalesce(sum(CASE WHEN o.hour = 20 THEN o.n END), 0) AS h20,
       coalesce(sum(CASE WHEN o.hour = 21 THEN o.n END), 0) AS h21,
       coalesce(sum(CASE WHEN o.hour = 22 THEN o.n END), 0) AS h22,
       coalesce(sum(CASE WHEN o.hour = 23 THEN o.n END), 0) AS h23
FROM weekdays AS w
LEFT JOIN opened AS o ON o.dow = w.dow
GROUP BY w.position, w.weekday
ORDER BY w.position;
