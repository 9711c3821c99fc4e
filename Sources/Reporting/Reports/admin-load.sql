/*
title: Load by admin
description: >
  Work per admin in the month, each item in the month of its own date: admin replies
  (opening messages excluded), internal notes, tickets touched (distinct tickets the admin
  replied to or noted), first responses given (the first admin reply of a customer-opened
  ticket, in the month it was given) with their median first response time (calendar
  hours, PERCENTILE.INC), and the rating of their replies (mean of 1–5 over rated replies).
params:
  month: month
columns:
  admin: { label: Admin, format: text }
  replies: { label: Replies, format: integer }
  notes: { label: Notes, format: integer }
  tickets_touched: { label: Tickets touched, format: integer }
  first_responses: { label: First responses, format: integer }
  frt_median_hours: { label: FRT median (h), format: hours }
  rated: { label: Rated replies, format: integer }
  rating_mean: { label: Mean rating, format: number }
chart: { type: bar, x: admin, y: [replies, first_responses] }
*/
WITH work AS (
    SELECT admin, 'reply' AS kind, source, ticket_id, rating, NULL AS frt_seconds
    FROM replies
    WHERE created_at >= :month_start AND created_at < :month_end AND is_admin = 1 AND is_opening = 0
    UNION ALL
    SELECT admin, 'note', source, ticket_id, NULL, NULL
    FROM notes
    WHERE created_at >= :month_start AND created_at < :month_end AND admin IS NOT NULL
    UNION ALL
    SELECT first_responder, 'first_response', source, ticket_id, NULL, frt_seconds
    FROM ticket_metrics
    WHERE first_response_at >= :month_start AND first_response_at < :month_end
),
scopes AS (
    SELECT DISTINCT 0 AS is_total, admin FROM work
    UNION ALL
    SELECT 1, 'All admins'
)
SELECT s.admin,
       count(CASE WHEN w.kind = 'reply' THEN 1 END) AS replies,
       count(CASE WHEN w.kind = 'note' THEN 1 END) AS notes,
       count(DISTINCT CASE WHEN w.kind IN ('reply', 'note') THEN w.source || ':' || w.ticket_id END) AS tickets_touched,
       count(CASE WHEN w.kind = 'first_response' THEN 1 END) AS first_responses,
       median(w.frt_seconds) / 3600.0 AS frt_median_hours,
       count(CASE WHEN w.rating BETWEEN 1 AND 5 THEN 1 END) AS rated,
       avg(CASE WHEN w.rating BETWEEN 1 AND 5 THEN w.rating END) AS rating_mean
FROM scopes AS s
LEFT JOIN work AS w ON s.is_total = 1 OR w.admin = s.admin
GROUP BY s.is_total, s.admin
ORDER BY s.is_total, s.admin;
