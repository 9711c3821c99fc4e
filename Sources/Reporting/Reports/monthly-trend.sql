/*
title: Twelve-month trend
description: >
  The twelve months ending with the report's month. tickets = tickets opened in the month;
  frt_median_hours = median first response time (calendar hours, PERCENTILE.INC) of the
  customer-opened tickets opened in the month that were answered; csat = admin replies
  written in the month rated 4 or 5 ÷ rated ones; one_touch_share = tickets opened in the
  month that are closed with exactly one admin reply (an admin-opened ticket's opening
  message not counted) ÷ closed tickets opened in the month.
params:
  month: month
columns:
  month: { label: Month, format: text }
  tickets: { label: Tickets, format: integer }
  frt_median_hours: { label: FRT median (h), format: hours }
  csat: { label: CSAT, format: percent }
  one_touch_share: { label: One-touch, format: percent }
chart: { type: line, x: month, y: [tickets] }
*/
WITH RECURSIVE months(month_start) AS (
    SELECT datetime(:month_start, 'start of month', '-11 months')
    UNION ALL
    SELECT datetime(month_start, '+1 month') FROM months
    WHERE month_start < datetime(:month_start, 'start of month')
),
ticket_figures AS (
    SELECT mo.month_start,
           -- opened_at rather than ticket_id (the same count: set on every matched row) keeps
           -- this on the index ticket_metrics_by_opened_covering alone.
           count(m.opened_at) AS tickets,
           median(m.frt_seconds) / 3600.0 AS frt_median_hours,
           count(CASE WHEN is_closed(m.status) THEN 1 END) AS closed,
           -- admin_replies first: is_closed() then runs only for one-reply tickets.
           count(CASE WHEN m.admin_replies = 1 AND is_closed(m.status) THEN 1 END) AS one_touch
    FROM months AS mo
    LEFT JOIN ticket_metrics AS m
           ON m.opened_at >= mo.month_start AND m.opened_at < datetime(mo.month_start, '+1 month')
    GROUP BY mo.month_start
),
rating_figures AS (
    SELECT mo.month_start,
           count(r.rating) AS rated,
           count(CASE WHEN r.rating >= 4 THEN 1 END) AS satisfied
    FROM months AS mo
    LEFT JOIN replies AS r
           ON r.created_at >= mo.month_start AND r.created_at < datetime(mo.month_start, '+1 month')
          -- The unary + keeps SQLite on the created_at range of replies_by_created_covering
          -- rather than building a temporary index over every reply.
          AND +r.is_admin = 1 AND +r.is_opening = 0 AND r.rating BETWEEN 1 AND 5
    GROUP BY mo.month_start
)
SELECT strftime('%Y-%m', f.month_start) AS month,
       f.tickets,
       f.frt_median_hours,
       CAST(r.satisfied AS REAL) / nullif(r.rated, 0) AS csat,
       CAST(f.one_touch AS REAL) / nullif(f.closed, 0) AS one_touch_share
FROM ticket_figures AS f
JOIN rating_figures AS r ON r.month_start = f.month_start
ORDER BY f.month_start;
