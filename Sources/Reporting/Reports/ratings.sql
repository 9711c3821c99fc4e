/*
title: Customer ratings by department
description: >
  Ratings customers gave admin replies written in the month (a reply belongs to the month
  of its own date, whatever month its ticket was opened in). Ratings are 1–5; 0 or a
  missing rating is unrated and not counted. Mean over rated replies; CSAT = replies
  rated 4 or 5 ÷ rated replies.
params:
  month: month
columns:
  department: { label: Department, format: text }
  rated: { label: Rated replies, format: integer }
  rating_1: { label: "1", format: integer }
  rating_2: { label: "2", format: integer }
  rating_3: { label: "3", format: integer }
  rating_4: { label: "4", format: integer }
  rating_5: { label: "5", format: integer }
  rating_mean: { label: Mean rating, format: number }
  csat: { label: CSAT, format: percent }
chart: { type: bar, x: department, y: [rating_1, rating_2, rating_3, rating_4, rating_5] }
*/
WITH month_ratings AS (
    SELECT t.dept_name, r.rating
    FROM replies AS r
    JOIN tickets AS t ON t.source = r.source AND t.ticket_id = r.ticket_id
    WHERE r.created_at >= :month_start AND r.created_at < :month_end
      AND r.is_admin = 1 AND r.is_opening = 0 AND r.rating BETWEEN 1 AND 5
),
scopes AS (
    SELECT DISTINCT 0 AS is_total, dept_name AS department FROM month_ratings
    UNION ALL
    SELECT 1, 'All departments'
)
SELECT s.department,
       count(x.rating) AS rated,
       count(CASE WHEN x.rating = 1 THEN 1 END) AS rating_1,
       count(CASE WHEN x.rating = 2 THEN 1 END) AS rating_2,
       count(CASE WHEN x.rating = 3 THEN 1 END) AS rating_3,
       count(CASE WHEN x.rating = 4 THEN 1 END) AS rating_4,
       count(CASE WHEN x.rating = 5 THEN 1 END) AS rating_5,
       avg(x.rating) AS rating_mean,
       total(x.rating >= 4) / nullif(count(x.rating), 0) AS csat
FROM scopes AS s
LEFT JOIN month_ratings AS x ON s.is_total = 1 OR x.dept_name = s.department
GROUP BY s.is_total, s.department
ORDER BY s.is_total, s.department;
