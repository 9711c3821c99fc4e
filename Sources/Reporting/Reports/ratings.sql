/*
title: Customer ratings by department
description: >
  Ratings customers gave admin replies written in the month (a reply belongs to the month
  of its own date, whatever month its ticket was opened in). Ratings are 1–5; 0 or a
  missing rating is unrated and not counted. Mean over rated replies; CSAT = replies
  rated 4 or 5 ÷ rated replies. Every department with an admin reply in the month is
  listed, with 0 rated and no mean or CSAT when none was rated. Departments are told apart
  by id and shown under their most recent name.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
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
WITH month_replies AS (
    -- Every admin reply of the month, rated or not: a department that answered but got no
    -- rating shows 0 rated rather than vanishing.
    SELECT t.source, t.dept_id, CASE WHEN r.rating BETWEEN 1 AND 5 THEN r.rating END AS rating
    FROM replies AS r
    -- `+t.source` steers SQLite to the covering index tickets_dept_by_id (ticket_id, source,
    -- dept_id) instead of the primary key plus a read of the whole ticket row.
    JOIN tickets AS t ON t.ticket_id = r.ticket_id AND +t.source = r.source
    WHERE r.created_at >= :month_start AND r.created_at < :month_end
      AND r.is_admin = 1 AND r.is_opening = 0 AND (:source IS NULL OR r.source = :source)
)
-- One row per department, then the total (always present); keep the branches in step.
SELECT department, rated, rating_1, rating_2, rating_3, rating_4, rating_5, rating_mean, csat
FROM (
    SELECT 0 AS is_total, m.dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = m.source AND d.dept_id = m.dept_id) AS department,
           count(rating) AS rated,
           count(CASE WHEN rating = 1 THEN 1 END) AS rating_1,
           count(CASE WHEN rating = 2 THEN 1 END) AS rating_2,
           count(CASE WHEN rating = 3 THEN 1 END) AS rating_3,
           count(CASE WHEN rating = 4 THEN 1 END) AS rating_4,
           count(CASE WHEN rating = 5 THEN 1 END) AS rating_5,
           avg(rating) AS rating_mean,
           total(rating >= 4) / nullif(count(rating), 0) AS csat
    FROM month_replies AS m
    GROUP BY m.source, m.dept_id
    UNION ALL
    SELECT 1, NULL, 'All departments',
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
ORDER BY is_total, department, dept_id;
