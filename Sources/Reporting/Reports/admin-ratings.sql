/*
title: Customer ratings by admin
description: >
  Ratings customers gave each admin's replies written in the month (by the reply's own
  date). Ratings are 1–5; 0 or missing is unrated. Mean over rated replies; CSAT = replies
  rated 4 or 5 ÷ rated replies.
params:
  month: month
columns:
  admin: { label: Admin, format: text }
  rated: { label: Rated replies, format: integer }
  rating_1: { label: "1", format: integer }
  rating_2: { label: "2", format: integer }
  rating_3: { label: "3", format: integer }
  rating_4: { label: "4", format: integer }
  rating_5: { label: "5", format: integer }
  rating_mean: { label: Mean rating, format: number }
  csat: { label: CSAT, format: percent }
chart: { type: bar, x: admin, y: [rating_mean] }
*/
WITH month_ratings AS (
    SELECT admin, rating
    FROM replies
    WHERE created_at >= :month_start AND created_at < :month_end
      AND is_admin = 1 AND is_opening = 0 AND rating BETWEEN 1 AND 5
),
scopes AS (
    SELECT DISTINCT 0 AS is_total, admin FROM month_ratings
    UNION ALL
    SELECT 1, 'All admins'
)
SELECT s.admin,
       count(x.rating) AS rated,
       count(CASE WHEN x.rating = 1 THEN 1 END) AS rating_1,
       count(CASE WHEN x.rating = 2 THEN 1 END) AS rating_2,
       count(CASE WHEN x.rating = 3 THEN 1 END) AS rating_3,
       count(CASE WHEN x.rating = 4 THEN 1 END) AS rating_4,
       count(CASE WHEN x.rating = 5 THEN 1 END) AS rating_5,
       avg(x.rating) AS rating_mean,
       total(x.rating >= 4) / nullif(count(x.rating), 0) AS csat
FROM scopes AS s
LEFT JOIN month_ratings AS x ON s.is_total = 1 OR x.admin = s.admin
GROUP BY s.is_total, s.admin
ORDER BY s.is_total, s.admin;
