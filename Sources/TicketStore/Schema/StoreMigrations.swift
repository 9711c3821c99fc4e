import GRDB

/// The store's schema, one named migration per change (never edit an applied one).
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-report-indexes") { db in
            try db.execute(sql: v2ReportIndexes)
        }
        migrator.registerMigration("v3-real-world-shapes") { db in
            try db.execute(sql: v3RealWorldShapes)
        }
        migrator.registerMigration("v4-ticket-events") { db in
            try db.execute(sql: v4TicketEvents)
        }
        migrator.registerMigration("v5-source-in-report-indexes") { db in
            try db.execute(sql: v5SourceInReportIndexes)
        }
        return migrator
    }

    /// Timestamps from the helpdesk are its local time as `YYYY-MM-DD HH:MM:SS` text;
    /// timestamps the tool makes itself (`fetched_at`, run times) are UTC, same form.
    static let v1 = """
        CREATE TABLE tickets (
            source          TEXT    NOT NULL,
            ticket_id       INTEGER NOT NULL,
            tid             TEXT    NOT NULL,
            dept_id         INTEGER NOT NULL,
            dept_name       TEXT    NOT NULL,
            user_id         INTEGER NOT NULL,
            contact_id      INTEGER NOT NULL,
            name            TEXT    NOT NULL,
            email           TEXT    NOT NULL,
            cc              TEXT    NOT NULL,
            opened_at       TEXT,
            subject         TEXT    NOT NULL,
            status          TEXT    NOT NULL,
            priority        TEXT    NOT NULL,
            admin           TEXT,
            opened_by_admin INTEGER NOT NULL,
            last_reply_at   TEXT,
            flag            INTEGER NOT NULL,
            service         TEXT    NOT NULL,
            fetched_at      TEXT    NOT NULL,
            PRIMARY KEY (source, ticket_id)
        );
        CREATE INDEX tickets_by_opened ON tickets(opened_at);
        CREATE INDEX tickets_by_dept_opened ON tickets(dept_name, opened_at);
        CREATE INDEX tickets_by_status ON tickets(status);

        CREATE TABLE replies (
            source      TEXT    NOT NULL,
            ticket_id   INTEGER NOT NULL,
            position    INTEGER NOT NULL,
            reply_id    INTEGER NOT NULL,
            user_id     INTEGER NOT NULL,
            contact_id  INTEGER NOT NULL,
            name        TEXT    NOT NULL,
            email       TEXT    NOT NULL,
            created_at  TEXT,
            message     TEXT    NOT NULL,
            attachment  TEXT    NOT NULL,
            admin       TEXT,
            rating      INTEGER,
            is_admin    INTEGER NOT NULL,
            is_opening  INTEGER NOT NULL,
            PRIMARY KEY (source, ticket_id, position)
        );
        CREATE INDEX replies_by_created ON replies(created_at);
        CREATE INDEX replies_by_admin_created ON replies(admin, created_at) WHERE admin IS NOT NULL;

        CREATE TABLE notes (
            source      TEXT    NOT NULL,
            ticket_id   INTEGER NOT NULL,
            position    INTEGER NOT NULL,
            note_id     INTEGER NOT NULL,
            created_at  TEXT,
            message     TEXT    NOT NULL,
            admin       TEXT,
            PRIMARY KEY (source, ticket_id, position)
        );
        CREATE INDEX notes_by_created ON notes(created_at);

        CREATE TABLE ticket_metrics (
            source                  TEXT    NOT NULL,
            ticket_id               INTEGER NOT NULL,
            dept_name               TEXT    NOT NULL,
            opened_at               TEXT,
            status                  TEXT    NOT NULL,
            priority                TEXT    NOT NULL,
            opened_by_admin         INTEGER NOT NULL,
            first_admin_reply_at    TEXT,
            last_admin_reply_at     TEXT,
            first_response_at       TEXT,
            first_responder         TEXT,
            frt_seconds             INTEGER,
            frt_business_seconds    INTEGER,
            customer_replies        INTEGER NOT NULL,
            admin_replies           INTEGER NOT NULL,
            notes                   INTEGER NOT NULL,
            rated_replies           INTEGER NOT NULL,
            rating_sum              INTEGER NOT NULL,
            last_reply_at           TEXT,
            PRIMARY KEY (source, ticket_id)
        );
        CREATE INDEX ticket_metrics_by_opened ON ticket_metrics(opened_at);
        CREATE INDEX ticket_metrics_by_dept_opened ON ticket_metrics(dept_name, opened_at);

        CREATE TABLE reply_waits (
            source      TEXT    NOT NULL,
            ticket_id   INTEGER NOT NULL,
            wait_index  INTEGER NOT NULL,
            dept_name   TEXT    NOT NULL,
            customer_at TEXT    NOT NULL,
            admin_at    TEXT    NOT NULL,
            admin       TEXT    NOT NULL,
            wait_seconds INTEGER NOT NULL,
            PRIMARY KEY (source, ticket_id, wait_index)
        );
        CREATE INDEX reply_waits_by_admin_at ON reply_waits(admin_at);

        CREATE TABLE fetch_log (
            source      TEXT    NOT NULL,
            ticket_id   INTEGER NOT NULL,
            outcome     TEXT    NOT NULL CHECK (outcome IN ('ok', 'not_found', 'failed')),
            http_status INTEGER,
            attempts    INTEGER NOT NULL,
            last_error  TEXT,
            run_id      INTEGER,
            updated_at  TEXT    NOT NULL,
            PRIMARY KEY (source, ticket_id)
        );
        CREATE INDEX fetch_log_by_outcome ON fetch_log(source, outcome);

        CREATE TABLE ingest_runs (
            run_id      INTEGER PRIMARY KEY AUTOINCREMENT,
            source      TEXT    NOT NULL,
            url         TEXT    NOT NULL,
            auth_style  TEXT    NOT NULL,
            request     TEXT    NOT NULL,
            options     TEXT    NOT NULL,
            started_at  TEXT    NOT NULL,
            finished_at TEXT,
            outcome     TEXT    NOT NULL DEFAULT 'running',
            stored      INTEGER NOT NULL DEFAULT 0,
            not_found   INTEGER NOT NULL DEFAULT 0,
            failed      INTEGER NOT NULL DEFAULT 0,
            skipped     INTEGER NOT NULL DEFAULT 0,
            retries     INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE raw_responses (
            source      TEXT    NOT NULL,
            ticket_id   INTEGER NOT NULL,
            fetched_at  TEXT    NOT NULL,
            body        BLOB    NOT NULL,
            PRIMARY KEY (source, ticket_id)
        );

        CREATE TABLE store_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """

    /// Indexes the built-in reports read a month from without touching the wide rows
    /// (docs/benchmarks-reports.md has the query plans and the figures on 1M tickets):
    ///
    /// - `replies_by_created_covering` replaces `replies_by_created`: a month of replies with
    ///   everything the reports use (side, opening, rating, admin, ticket), index only; was a
    ///   random read of ~290k reply rows (message text included) per month at 1M tickets.
    /// - `replies_rated_by_created`: the same for rated replies only (ratings, admin-ratings,
    ///   monthly-trend), about one reply in eight.
    /// - `tickets_dept_by_id`: a reply's or note's department without reading the ticket row
    ///   (reports join on `t.ticket_id = r.ticket_id AND +t.source = r.source` to reach it).
    /// - `reply_waits_by_admin_at_covering` replaces `reply_waits_by_admin_at` (next-reply).
    /// - `ticket_metrics_by_opened_covering` replaces `ticket_metrics_by_opened`: twelve months
    ///   of tickets for monthly-trend (FRT, admin replies, status) from the index alone.
    /// - `ticket_metrics_by_first_response`: first responses given in a month (admin-load);
    ///   was a scan of every ticket's metrics.
    /// - `ticket_metrics_unanswered`: customer-opened tickets without an admin reply, by date,
    ///   with their status so closed ones are skipped before their row is read (unanswered);
    ///   was a read of every ticket opened before `as_of`.
    static let v2ReportIndexes = """
        CREATE INDEX replies_by_created_covering
            ON replies(created_at, is_admin, is_opening, rating, admin, ticket_id, source);
        DROP INDEX replies_by_created;
        CREATE INDEX replies_rated_by_created
            ON replies(created_at, is_admin, is_opening, rating, admin, ticket_id, source) WHERE rating IS NOT NULL;
        CREATE INDEX tickets_dept_by_id ON tickets(ticket_id, source, dept_name);
        CREATE INDEX reply_waits_by_admin_at_covering ON reply_waits(admin_at, dept_name, wait_seconds);
        DROP INDEX reply_waits_by_admin_at;
        CREATE INDEX ticket_metrics_by_opened_covering
            ON ticket_metrics(opened_at, frt_seconds, admin_replies, status);
        DROP INDEX ticket_metrics_by_opened;
        CREATE INDEX ticket_metrics_by_first_response
            ON ticket_metrics(first_response_at, first_responder, frt_seconds) WHERE first_response_at IS NOT NULL;
        CREATE INDEX ticket_metrics_unanswered
            ON ticket_metrics(opened_at, ticket_id, status) WHERE opened_by_admin = 0 AND first_admin_reply_at IS NULL;
        """

    /// What real WHMCS installs send and the figures need (issue "real helpdesks"):
    ///
    /// - WHMCS 8's requestor and owner fields, and attachment names (never contents).
    /// - `ticket_metrics`: the department id (reports group by id, not by a name that can
    ///   change or repeat), `answered` (an admin replied, dated or not), the data-quality
    ///   counts `check` reports, and `derivation`, the version of the rules that derived the
    ///   row, so a store derived by an older ticketreport can be told apart (and rebuilt).
    /// - `departments`: each department's most recent name, the label reports show.
    ///
    /// Existing rows get what can be derived from the store itself; `ticketreport rebuild`
    /// re-derives everything from `raw_responses`.
    static let v3RealWorldShapes = """
        ALTER TABLE tickets ADD COLUMN owner_name TEXT;
        ALTER TABLE tickets ADD COLUMN requestor_name TEXT;
        ALTER TABLE tickets ADD COLUMN requestor_email TEXT;
        ALTER TABLE tickets ADD COLUMN requestor_type TEXT;

        ALTER TABLE replies ADD COLUMN requestor_name TEXT;
        ALTER TABLE replies ADD COLUMN requestor_email TEXT;
        ALTER TABLE replies ADD COLUMN requestor_type TEXT;
        ALTER TABLE replies ADD COLUMN attachment_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE replies ADD COLUMN attachment_names TEXT;
        ALTER TABLE replies ADD COLUMN attachments_removed INTEGER NOT NULL DEFAULT 0;

        ALTER TABLE notes ADD COLUMN attachment_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE notes ADD COLUMN attachment_names TEXT;
        ALTER TABLE notes ADD COLUMN attachments_removed INTEGER NOT NULL DEFAULT 0;

        ALTER TABLE ticket_metrics ADD COLUMN dept_id INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ticket_metrics ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ticket_metrics ADD COLUMN undated_replies INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ticket_metrics ADD COLUMN skewed_replies INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ticket_metrics ADD COLUMN reply_ids_assigned INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ticket_metrics ADD COLUMN derivation INTEGER NOT NULL DEFAULT 1;

        ALTER TABLE reply_waits ADD COLUMN dept_id INTEGER NOT NULL DEFAULT 0;

        UPDATE ticket_metrics SET
            dept_id = (SELECT t.dept_id FROM tickets AS t
                       WHERE t.source = ticket_metrics.source AND t.ticket_id = ticket_metrics.ticket_id),
            answered = admin_replies > 0,
            undated_replies = (SELECT count(*) FROM replies AS r
                               WHERE r.source = ticket_metrics.source AND r.ticket_id = ticket_metrics.ticket_id
                                 AND r.is_opening = 0 AND r.created_at IS NULL),
            skewed_replies = (SELECT count(*) FROM replies AS r
                              WHERE r.source = ticket_metrics.source AND r.ticket_id = ticket_metrics.ticket_id
                                AND r.is_opening = 0 AND r.created_at < ticket_metrics.opened_at);
        UPDATE reply_waits SET dept_id = (SELECT t.dept_id FROM tickets AS t
                                          WHERE t.source = reply_waits.source AND t.ticket_id = reply_waits.ticket_id);

        CREATE TABLE departments (
            source      TEXT    NOT NULL,
            dept_id     INTEGER NOT NULL,
            dept_name   TEXT    NOT NULL,
            seen_at     TEXT    NOT NULL,
            PRIMARY KEY (source, dept_id)
        );
        -- SQLite takes dept_name from the row holding max(fetched_at): the latest name seen.
        INSERT INTO departments (source, dept_id, dept_name, seen_at)
            SELECT source, dept_id, dept_name, max(fetched_at) FROM tickets GROUP BY source, dept_id;

        -- Reports reach a reply's or a wait's department by id now.
        DROP INDEX tickets_dept_by_id;
        CREATE INDEX tickets_dept_by_id ON tickets(ticket_id, source, dept_id);
        DROP INDEX reply_waits_by_admin_at_covering;
        CREATE INDEX reply_waits_by_admin_at_covering ON reply_waits(admin_at, source, dept_id, wait_seconds);
        DROP INDEX ticket_metrics_unanswered;
        CREATE INDEX ticket_metrics_unanswered
            ON ticket_metrics(opened_at, ticket_id, status) WHERE opened_by_admin = 0 AND answered = 0;
        """

    /// History the API does not keep (issue "history"): every fetch that finds a ticket
    /// different from its stored version adds one `ticket_events` row per changed field,
    /// written in the same transaction as the ticket itself.
    ///
    /// A store that already holds tickets gets one `created` row per ticket, observed when it
    /// was fetched (`fetched_at`, which is UTC: exact for a helpdesk whose clock is UTC, off by
    /// its offset otherwise). `ticket_events_by_observed` serves the period reports,
    /// `ticket_events_by_ticket` a ticket's own history.
    static let v4TicketEvents = """
        CREATE TABLE ticket_events (
            event_id      INTEGER PRIMARY KEY,
            source        TEXT    NOT NULL,
            ticket_id     INTEGER NOT NULL,
            observed_at   TEXT    NOT NULL,
            field         TEXT    NOT NULL
                CHECK (field IN ('created', 'status', 'priority', 'dept_id', 'flag', 'subject', 'activity', 'deleted')),
            old_value     TEXT,
            new_value     TEXT,
            replies_added INTEGER NOT NULL DEFAULT 0,
            notes_added   INTEGER NOT NULL DEFAULT 0,
            last_reply_at TEXT,
            run_id        INTEGER
        );
        CREATE INDEX ticket_events_by_ticket ON ticket_events(source, ticket_id, observed_at);
        CREATE INDEX ticket_events_by_observed ON ticket_events(observed_at, field, source, ticket_id);

        INSERT INTO ticket_events (source, ticket_id, observed_at, field, new_value, replies_added, notes_added,
                                   last_reply_at)
            SELECT t.source, t.ticket_id, t.fetched_at, 'created', t.status,
                   (SELECT count(*) FROM replies AS r
                    WHERE r.source = t.source AND r.ticket_id = t.ticket_id AND r.is_opening = 0),
                   (SELECT count(*) FROM notes AS n WHERE n.source = t.source AND n.ticket_id = t.ticket_id),
                   t.last_reply_at
            FROM tickets AS t ORDER BY t.source, t.ticket_id;
        """

    /// Every built-in report filters by `--source` (`:source IS NULL OR x.source = :source`):
    /// the indexes the month reports read alone carry `source` too, so they stay covering
    /// instead of seeking each row for its source (monthly-trend was 20–30 % slower without).
    static let v5SourceInReportIndexes = """
        DROP INDEX ticket_metrics_by_opened_covering;
        CREATE INDEX ticket_metrics_by_opened_covering
            ON ticket_metrics(opened_at, frt_seconds, admin_replies, status, source);
        DROP INDEX ticket_metrics_by_first_response;
        CREATE INDEX ticket_metrics_by_first_response
            ON ticket_metrics(first_response_at, first_responder, frt_seconds, source)
            WHERE first_response_at IS NOT NULL;
        DROP INDEX tickets_by_opened;
        CREATE INDEX tickets_by_opened ON tickets(opened_at, source);
        """
}
