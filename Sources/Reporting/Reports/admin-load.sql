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
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
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
      AND (:source IS NULL OR source = :source)
    UNION ALL
    SELECT admin, 'note', source, ticket_id, NULL, NULL
    FROM notes
    WHERE created_at >= :month_start AND created_at < :month_end AND admin IS NOT NULL
      AND (:source IS NULL OR source = :source)
    UNION ALL
    -- The ticket is not needed here (tickets_touched counts replies and notes only), so the
    -- index ticket_metrics_by_first_response answers this branch alone.
    SELECT first_responder, 'first_response', NULL, NULL, NULL, frt_seconds
    FROM ticket_metrics
    WHERE first_response_at >= :month_start AND first_response_at < :month_end
      AND (:source IS NULL OR source = :source)
)
-- One row per admin, then the total (always present); keep the branches in step.
SELECT admin, replies, notes, tickets_touched, first_responses, frt_median_hours, rated, rating_mean
FROM (
    SELECT 0 AS is_total, admin,
           count(CASE WHEN kind = 'reply' THEN 1 END) AS replies,
           count(CASE WHEN kind = 'note' THEN 1 END) AS notes,
           count(DISTINCT CASE WHEN kind IN ('reply', 'note') THEN source || ':' || ticket_id END) AS tickets_touched,
           count(CASE WHEN kind = 'first_response' THEN 1 END) AS first_responses,
           median(frt_seconds) / 3600.0 AS frt_median_hours,
           count(CASE WHEN rating BETWEEN 1 AND 5 THEN 1 END) AS rated,
           avg(CASE WHEN rating BETWEEN 1 AND 5 THEN rating END) AS rating_mean
    FROM work
    GROUP BY admin
    UNION ALL
    SELECT 1, 'All admins',
           count(CASE WHEN kind = 'reply' THEN 1 END),
           count(CASE WHEN kind = 'note' THEN 1 END),
           count(DISTINCT CASE WHEN kind IN ('reply', 'note') THEN source || ':' || ticket_id END),
           count(CASE WHEN kind = 'first_response' THEN 1 END),
           median(frt_seconds) / 3600.0,
           count(CASE WHEN rating BETWEEN 1 AND 5 THEN 1 END),
           avg(CASE WHEN rating BETWEEN 1 AND 5 THEN rating END)
    FROM work
)
ORDER BY is_total, admin;
