/*
title: Tickets per client
description: >
  For each client (the requester's userid; tickets without one are left out), the tickets
  opened in the period, how many got an admin answer, and their first response times:
  median and average in calendar hours, median in business hours. Admin-opened tickets
  count as tickets but have no first response. Busiest clients first.
params:
  month: month
columns:
  client_id: { label: Client ID, format: text }
  requester: { label: Requester, format: text }
  email: { label: Email, format: text }
  tickets: { label: Tickets, format: integer }
  answered: { label: Answered, format: integer }
  unanswered: { label: Unanswered, format: integer }
  frt_median_hours: { label: FRT median (h), format: hours }
  frt_avg_hours: { label: FRT average (h), format: hours }
  frt_business_median_hours: { label: "FRT median, business (h)", format: hours }
  ratings: { label: Ratings, format: integer }
  avg_rating: { label: Avg rating, format: number }
*/
SELECT t.user_id AS client_id,
       max(t.name) AS requester,
       max(t.email) AS email,
       count(*) AS tickets,
       count(m.frt_seconds) AS answered,
       count(CASE WHEN m.opened_by_admin = 0 AND m.first_response_at IS NULL THEN 1 END) AS unanswered,
       median(m.frt_seconds) / 3600.0 AS frt_median_hours,
       avg(m.frt_seconds) / 3600.0 AS frt_avg_hours,
       median(m.frt_business_seconds) / 3600.0 AS frt_business_median_hours,
       sum(m.rated_replies) AS ratings,
       CAST(sum(m.rating_sum) AS REAL) / nullif(sum(m.rated_replies), 0) AS avg_rating
FROM tickets AS t
JOIN ticket_metrics AS m ON m.source = t.source AND m.ticket_id = t.ticket_id
WHERE t.opened_at >= :month_start AND t.opened_at < :month_end
  AND t.user_id <> 0
GROUP BY t.user_id
ORDER BY tickets DESC, client_id;
