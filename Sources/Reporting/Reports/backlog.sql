/*
title: Open backlog per day
description: >
  Tickets open at the end of each day of the period (opened before midnight and not in a
  closed status then), with the tickets opened, closed and reopened that day. Observed:
  the store records a ticket's status each time it fetches it, so from a ticket's first
  look on its status at midnight is the one last seen before then (a ticket the helpdesk
  no longer returns counts as closed from the look that found it gone); a close or reopen
  is counted on the day of the fetch that saw it, which can be later than when it
  happened. Estimated: before a ticket's first look its status is guessed from that
  look: open then counts as open since it was opened; closed then counts as open until
  its last reply (the proxy close time of the resolution report). Days ending at or
  before the store's first look at any ticket have estimated = 1: their open count is
  wholly estimated, closed counts tickets first seen closed whose last reply fell that
  day, and reopened is 0. On later days closed counts observed closes (open to closed)
  plus tickets opened since history began that were already closed at their first look.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  day: { label: Day, format: date }
  open_at_end: { label: Open at end of day, format: integer }
  opened: { label: Opened, format: integer }
  closed: { label: Closed, format: integer }
  reopened: { label: Reopened, format: integer }
  estimated: { label: Estimated (1 = before history), format: integer }
chart: { type: line, x: day, y: [open_at_end, opened, closed] }
*/
-- How: rather than working out every ticket's status at every midnight, start from the
-- tickets open now and walk back: each change observed after a midnight is undone to get
-- the count at that midnight. Only what was observed since the period began is read
-- (ticket_events_by_observed), plus the tickets open now (tickets_by_status); a ticket
-- with nothing observed since then kept its status through the period. Text timestamps
-- compare as times; substr(x, 1, 10) is the day of one.
WITH RECURSIVE days(day) AS (
    SELECT date(:month_start)
    UNION ALL
    SELECT date(day, '+1 day') FROM days WHERE date(day, '+1 day') < date(:month_end)
),
history AS MATERIALIZED (
    -- The store's first look at any ticket; without any, every day is estimated.
    SELECT coalesce((SELECT min(observed_at) FROM ticket_events WHERE :source IS NULL OR source = :source),
                    '9999-12-31 23:59:59') AS started
),
open_now AS MATERIALIZED (
    -- Open at the last look: an open status, and not found gone since.
    SELECT count(*) AS tickets FROM tickets AS t
    WHERE t.status IN (SELECT DISTINCT status FROM tickets WHERE NOT is_closed(status))
      AND (:source IS NULL OR t.source = :source)
      AND NOT EXISTS (SELECT 1 FROM ticket_events AS d
                      WHERE d.source = t.source AND d.ticket_id = t.ticket_id AND d.field = 'deleted')
),
first_looks AS MATERIALIZED (
    -- Tickets first seen since the period began: their status and last reply then.
    SELECT e.observed_at, is_closed(e.new_value) AS first_closed, e.last_reply_at,
           (SELECT t.opened_at FROM tickets AS t WHERE t.source = e.source AND t.ticket_id = e.ticket_id) AS opened_at
    FROM ticket_events AS e
    WHERE e.observed_at >= :month_start AND e.field = 'created' AND (:source IS NULL OR e.source = :source)
),
-- Each moment the count of open tickets moves (change: +1 or -1, counted at midnights
-- after it), and each close or reopen for the day columns.
marks(at, change, closed, reopened, born_closed, proxy_closed) AS (
    -- A status change between open and closed, or a ticket found gone while open.
    SELECT e.observed_at,
           CASE e.field WHEN 'status' THEN is_closed(e.old_value) - is_closed(e.new_value)
                        ELSE -(NOT is_closed(e.old_value)) END,
           e.field = 'status' AND NOT is_closed(e.old_value) AND is_closed(e.new_value),
           e.field = 'status' AND is_closed(e.old_value) AND NOT is_closed(e.new_value),
           0, 0
    FROM ticket_events AS e
    WHERE e.observed_at >= :month_start AND e.field IN ('status', 'deleted') AND (:source IS NULL OR e.source = :source)
    UNION ALL
    -- First seen open: open since it was opened (since its first look if it has no date).
    SELECT coalesce(opened_at, observed_at), 1, 0, 0, 0, 0 FROM first_looks WHERE NOT first_closed
    UNION ALL
    -- First seen closed: open from its opening to its last reply (or the look, if earlier).
    SELECT opened_at, 1, 0, 0, 0, 0 FROM first_looks
    WHERE first_closed AND opened_at < min(observed_at, last_reply_at)
    UNION ALL
    SELECT min(observed_at, last_reply_at), -1, 0, 0, 0, 0 FROM first_looks
    WHERE first_closed AND opened_at < min(observed_at, last_reply_at)
    UNION ALL
    -- Born and closed between two looks: a close on the day of the first look.
    SELECT f.observed_at, 0, 0, 0, 1, 0 FROM first_looks AS f, history AS h
    WHERE f.first_closed AND f.opened_at >= h.started
    UNION ALL
    -- The proxy close of a ticket first seen closed, for days before history.
    SELECT last_reply_at, 0, 0, 0, 0, 1 FROM first_looks WHERE first_closed AND last_reply_at < :month_end
),
buckets AS MATERIALIZED (
    -- By day of the period; '0' before it, '9' after it.
    SELECT CASE WHEN at < :month_start THEN '0' WHEN at >= :month_end THEN '9' ELSE substr(at, 1, 10) END AS on_day,
           total(change) AS change, total(closed) AS closed, total(reopened) AS reopened,
           total(born_closed) AS born_closed, total(proxy_closed) AS proxy_closed
    FROM marks
    GROUP BY 1
)
SELECT d.day,
       -- Open now, minus every move after this day's midnight.
       (SELECT tickets FROM open_now)
           - (SELECT CAST(total(b.change) AS INTEGER) FROM buckets AS b WHERE b.on_day > d.day) AS open_at_end,
       (SELECT count(*) FROM tickets AS t
        WHERE t.opened_at >= d.day AND t.opened_at < datetime(d.day, '+1 day')
          AND (:source IS NULL OR t.source = :source)) AS opened,
       coalesce((SELECT CAST(b.closed + b.born_closed
                             + CASE WHEN datetime(d.day, '+1 day') <= h.started THEN b.proxy_closed ELSE 0 END AS INTEGER)
                 FROM buckets AS b WHERE b.on_day = d.day), 0) AS closed,
       coalesce((SELECT CAST(b.reopened AS INTEGER) FROM buckets AS b WHERE b.on_day = d.day), 0) AS reopened,
       datetime(d.day, '+1 day') <= h.started AS estimated
FROM days AS d, history AS h
ORDER BY d.day;
