/*
title: Twelve-month trend
description: >
  The twelve months ending with the report's month. tickets = tickets opened in the month;
  frt_median_hours = median first response time (calendar hours, PERCENTILE.INC) of the
  customer-opened tickets opened in the month that were answered; csat = admin replies
  written in the month rated 4 or 5 ÷ rated ones; one_touch_share = tickets opened in the
  month that are closed with exactly one admin reply (an admin-opened ticket's opening
  message not counted) ÷ closed tickets opened in the month.
  For a quarter (`--quarter`) the trend is the eight quarters ending with it, for a year
  (`--year`) the five years; the period is told from the bound range (a whole calendar
  quarter or year), and month is then 2026-Q3 or 2026.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  month: { label: Month, format: text }
  tickets: { label: Tickets, format: integer }
  frt_median_hours: { label: FRT median (h), format: hours }
  csat: { label: CSAT, format: percent }
  one_touch_share: { label: One-touch, format: percent }
chart: { type: line, x: month, y: [tickets] }
*/
WITH RECURSIVE unit(months, periods) AS MATERIALIZED (
    -- The step and how many steps: a whole calendar quarter gives 8 quarters, a whole year
    -- 5 years, anything else (a month, a range of days) 12 months.
    SELECT CASE WHEN :month_end = datetime(:month_start, '+1 year')
                     AND strftime('%m-%d %H:%M:%S', :month_start) = '01-01 00:00:00' THEN 12
                WHEN :month_end = datetime(:month_start, '+3 months')
                     AND strftime('%m-%d %H:%M:%S', :month_start) IN ('01-01 00:00:00', '04-01 00:00:00',
                                                                       '07-01 00:00:00', '10-01 00:00:00') THEN 3
                ELSE 1 END,
           CASE WHEN :month_end = datetime(:month_start, '+1 year')
                     AND strftime('%m-%d %H:%M:%S', :month_start) = '01-01 00:00:00' THEN 5
                WHEN :month_end = datetime(:month_start, '+3 months')
                     AND strftime('%m-%d %H:%M:%S', :month_start) IN ('01-01 00:00:00', '04-01 00:00:00',
                                                                       '07-01 00:00:00', '10-01 00:00:00') THEN 8
                ELSE 12 END
),
months(month_start, month_end, step) AS (
    SELECT datetime(:month_start, 'start of month', '-' || ((periods - 1) * months) || ' months'),
           datetime(:month_start, 'start of month', '-' || ((periods - 2) * months) || ' months'), 1
    FROM unit
    UNION ALL
    SELECT mo.month_end, datetime(mo.month_end, '+' || u.months || ' months'), mo.step + 1
    FROM months AS mo, unit AS u
    WHERE mo.step < u.periods
),
-- One scalar subquery per figure and period: each is a range of an index
-- (ticket_metrics_by_opened_covering, replies_rated_by_created), read in order, where a
-- join with GROUP BY would sort a year of rows. The source is read from the table only
-- when one is given (SQLite seeks the row lazily), so the indexes still answer alone.
figures AS MATERIALIZED (
    SELECT mo.month_start,
           (SELECT count(*) FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < mo.month_end
              AND (:source IS NULL OR m.source = :source)) AS tickets,
           (SELECT median(m.frt_seconds) / 3600.0 FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < mo.month_end
              AND (:source IS NULL OR m.source = :source)) AS frt_median_hours,
           (SELECT count(CASE WHEN is_closed(m.status) THEN 1 END) FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < mo.month_end
              AND (:source IS NULL OR m.source = :source)) AS closed,
           -- admin_replies first: is_closed() then runs only for one-reply tickets.
           (SELECT count(CASE WHEN m.admin_replies = 1 AND is_closed(m.status) THEN 1 END) FROM ticket_metrics AS m
            WHERE m.opened_at >= mo.month_start AND m.opened_at < mo.month_end
              AND (:source IS NULL OR m.source = :source)) AS one_touch,
           (SELECT count(*) FROM replies AS r
            WHERE r.created_at >= mo.month_start AND r.created_at < mo.month_end
              AND r.is_admin = 1 AND r.is_opening = 0 AND r.rating BETWEEN 1 AND 5
              AND (:source IS NULL OR r.source = :source)) AS rated,
           (SELECT count(*) FROM replies AS r
            WHERE r.created_at >= mo.month_start AND r.created_at < mo.month_end
              AND r.is_admin = 1 AND r.is_opening = 0 AND r.rating BETWEEN 4 AND 5
              AND (:source IS NULL OR r.source = :source)) AS satisfied
    FROM months AS mo
)
SELECT CASE (SELECT months FROM unit)
            WHEN 12 THEN strftime('%Y', month_start)
            WHEN 3 THEN strftime('%Y', month_start) || '-Q' || ((CAST(strftime('%m', month_start) AS INTEGER) + 2) / 3)
            ELSE strftime('%Y-%m', month_start) END AS month,
       tickets,
       frt_median_hours,
       CAST(satisfied AS REAL) / nullif(rated, 0) AS csat,
       CAST(one_touch AS REAL) / nullif(closed, 0) AS one_touch_share
FROM figures
ORDER BY month_start;
