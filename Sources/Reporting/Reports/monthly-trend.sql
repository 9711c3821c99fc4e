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
-- One scalar subquery per figure and month: each is a range of an index
-- (ticket_metrics_by_opened_covering, replies_rated_by_created), read in order, where a
-- join with GROUP BY would sort a year of rows.
figures AS MATERIALIZED (
    SELECT mo.month_start,
           (SELECT count(*) FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < datetime(mo.month_start, '+1 month')) AS tickets,
           (SELECT median(m.frt_seconds) / 3600.0 FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < datetime(mo.month_start, '+1 month')) AS frt_median_hours,
           (SELECT count(CASE WHEN is_closed(m.status) THEN 1 END) FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < datetime(mo.month_start, '+1 month')) AS closed,
           -- admin_replies first: is_closed() then runs only for one-reply tickets.
           (SELECT count(CASE WHEN m.admin_replies = 1 AND is_closed(m.status) THEN 1 END) FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < datetime(mo.month_start, '+1 month')) AS one_touch,
           (SELECT count(*) FROM replies AS r
            WHERE r.created_at >= mo.month_start AND r.created_at < datetime(mo.month_start, '+1 month')
              AND r.is_admin = 1 AND r.is_opening = 0 AND r.rating BETWEEN 1 AND 5) AS rated,
           (SELECT count(*) FROM replies AS r
            WHERE r.created_at >= mo.month_start AND r.created_at < datetime(mo.month_start, '+1 month')
              AND r.is_admin = 1 AND r.is_opening = 0 AND r.rating BETWEEN 4 AND 5) AS satisfied
    FROM months AS mo
)
SELECT strftime('%Y-%m', month_start) AS month,
       tickets,
       frt_median_hours,
       CAST(satisfied AS REAL) / nullif(rated, 0) AS csat,
       CAST(one_touch AS REAL) / nullif(closed, 0) AS one_touch_share
FROM figures
ORDER BY month_start;
