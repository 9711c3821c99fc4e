/*
title: Sources compared
description: >
  One row per helpdesk source with tickets opened or admin replies written in the month, then all of them
  together, with the same definitions as response-times and ratings: tickets opened in the
  month; the median first response (calendar hours, PERCENTILE.INC) of the answered
  customer-opened tickets; SLA met share = tickets answered within their priority's target
  ÷ customer-opened tickets whose outcome is known as of as_of; CSAT = admin replies written
  in the month rated 4 or 5 ÷ rated ones. as_of defaults to the newest timestamp of each
  source (of the store for the total), so a source's row equals response-times and ratings
  run with --source. The monthly pack shows it when the store holds several sources.
params:
  month: month
  as_of: { type: date, default: null, description: "SLA clock for unanswered tickets (default: newest timestamp of the source)" }
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  source: { label: Source, format: text }
  tickets: { label: Tickets, format: integer }
  frt_median_hours: { label: FRT median (h), format: hours }
  sla_met_share: { label: SLA met, format: percent }
  rated: { label: Rated replies, format: integer }
  csat: { label: CSAT, format: percent }
chart: { type: bar, x: source, y: [frt_median_hours] }
*/
WITH period_sources AS (
    SELECT source FROM ticket_metrics
    WHERE opened_at >= :month_start AND opened_at < :month_end AND (:source IS NULL OR source = :source)
    UNION
    SELECT source FROM replies
    WHERE created_at >= :month_start AND created_at < :month_end AND is_admin = 1 AND is_opening = 0
      AND (:source IS NULL OR source = :source)
),
-- Each source's SLA clock, and the clock of all of them (as response-times takes it).
-- `+source` keeps SQLite walking the date indexes from the newest end.
clocks AS (
    SELECT k.source,
           coalesce(:as_of, max(coalesce(k.newest_ticket, k.newest_reply), coalesce(k.newest_reply, k.newest_ticket)))
               AS as_of
    FROM (SELECT s.source,
                 (SELECT max(t.opened_at) FROM tickets AS t WHERE +t.source = s.source) AS newest_ticket,
                 (SELECT max(r.created_at) FROM replies AS r WHERE +r.source = s.source) AS newest_reply
          FROM period_sources AS s) AS k
),
clock AS (
    SELECT coalesce(:as_of, max(coalesce(newest_ticket, newest_reply), coalesce(newest_reply, newest_ticket))) AS as_of
    FROM (SELECT (SELECT max(opened_at) FROM tickets WHERE :source IS NULL OR source = :source) AS newest_ticket,
                 (SELECT max(created_at) FROM replies WHERE :source IS NULL OR source = :source) AS newest_reply)
),
period_tickets AS MATERIALIZED (
    SELECT m.source, m.frt_seconds, m.priority, m.opened_at, m.first_response_at,
           -- Answered at an unknown time, or opened by an admin: neither met nor breached.
           m.opened_by_admin = 0 AND NOT (m.answered = 1 AND m.first_response_at IS NULL) AS judged
    FROM ticket_metrics AS m
    WHERE m.opened_at >= :month_start AND m.opened_at < :month_end AND (:source IS NULL OR m.source = :source)
),
ratings AS (
    SELECT source,
           count(CASE WHEN rating BETWEEN 1 AND 5 THEN 1 END) AS rated,
           count(CASE WHEN rating BETWEEN 4 AND 5 THEN 1 END) AS satisfied
    FROM replies
    WHERE created_at >= :month_start AND created_at < :month_end AND is_admin = 1 AND is_opening = 0
      AND (:source IS NULL OR source = :source)
    GROUP BY source
),
-- Pending tickets (unanswered, still within their target) are NULL: left out, as in
-- response-times.
verdicts AS (
    SELECT p.source, sla_breached(p.priority, p.opened_at, p.first_response_at, c.as_of) AS breached
    FROM period_tickets AS p JOIN clocks AS c ON c.source = p.source
    WHERE p.judged
),
all_verdicts AS (
    SELECT sla_breached(p.priority, p.opened_at, p.first_response_at, clock.as_of) AS breached
    FROM period_tickets AS p, clock
    WHERE p.judged
)
-- One row per source, then the total (always present); keep the branches in step.
SELECT source, tickets, frt_median_hours, sla_met_share, rated, csat
FROM (
    SELECT 0 AS is_total, s.source,
           (SELECT count(*) FROM period_tickets AS p WHERE p.source = s.source) AS tickets,
           (SELECT median(p.frt_seconds) / 3600.0 FROM period_tickets AS p WHERE p.source = s.source)
               AS frt_median_hours,
           (SELECT total(v.breached = 0) / nullif(count(v.breached), 0) FROM verdicts AS v WHERE v.source = s.source)
               AS sla_met_share,
           coalesce(r.rated, 0) AS rated,
           CAST(r.satisfied AS REAL) / nullif(r.rated, 0) AS csat
    FROM period_sources AS s
    LEFT JOIN ratings AS r ON r.source = s.source
    UNION ALL
    SELECT 1, 'All sources',
           (SELECT count(*) FROM period_tickets),
           (SELECT median(frt_seconds) / 3600.0 FROM period_tickets),
           (SELECT total(breached = 0) / nullif(count(breached), 0) FROM all_verdicts),
           (SELECT coalesce(sum(rated), 0) FROM ratings),
           (SELECT CAST(sum(satisfied) AS REAL) / nullif(sum(rated), 0) FROM ratings)
)
ORDER BY is_total, source;
