/*
title: Customer ratings by admin
description: >
  Ratings customers gave each admin's replies written in the month (by the reply's own
  date). Ratings are 1–5; 0 or missing is unrated. Mean over rated replies; CSAT = replies
  rated 4 or 5 ÷ rated replies. Every admin who replied in the month is listed, with 0
  rated and no mean or CSAT when none of their replies was rated.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
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
WITH month_replies AS (
    -- Every admin reply of the month, rated or not (see ratings).
    SELECT admin, CASE WHEN rating BETWEEN 1 AND 5 THEN rating END AS rating
    FROM replies
    WHERE created_at >= :month_start AND created_at < :month_end
      AND is_admin = 1 AND is_opening = 0 AND (:source IS NULL OR source = :source)
)
-- One row per admin, then the total (always present); keep the branches in step.
SELECT admin, rated, rating_1, rating_2, rating_3, rating_4, rating_5, rating_mean, csat
FROM (
    SELECT 0 AS is_total, admin,
           count(rating) AS rated,
           count(CASE WHEN rating = 1 THEN 1 END) AS rating_1,
           count(CASE WHEN rating = 2 THEN 1 END) AS rating_2,
           count(CASE WHEN rating = 3 THEN 1 END) AS rating_3,
           count(CASE WHEN rating = 4 THEN 1 END) AS rating_4,
           count(CASE WHEN rating = 5 THEN 1 END) AS rating_5,
           avg(rating) AS rating_mean,
           total(rating >= 4) / nullif(count(rating), 0) AS csat
    FROM month_replies
    GROUP BY admin
    UNION ALL
    SELECT 1, 'All admins',
           count(rating),
           count(CASE WHEN rating = 1 THEN 1 END),
           count(CASE WHEN rating = 2 THEN 1 END),
           count(CASE WHEN rating = 3 THEN 1 END),
           count(CASE WHEN rating = 4 THEN 1 END),
           count(CASE WHEN rating = 5 THEN 1 END),
           avg(rating),
           total(rating >= 4) / nullif(count(rating), 0)
    FROM month_replies
)
ORDER BY is_total, admin;
