import GRDB

/// How a ticket id's last fetch ended, as recorded in `fetch_log`.
package enum FetchOutcome: String, Sendable {
    case ok
    case notFound = "not_found"
    case failed
}

/// The counters an ingest run records in `ingest_runs`.
package struct RunCounts: Sendable, Equatable {
    package var stored = 0
    package var notFound = 0
    package var failed = 0
    package var skipped = 0
    package var retries = 0
    package init() {}
}

extension TicketStore {
    /// The recorded outcome of every id in `range` for `source` (ids never fetched are absent).
    package func fetchOutcomes(source: String, in range: ClosedRange<Int>) throws(StoreError) -> [Int: FetchOutcome] {
        try read { db in
            var outcomes: [Int: FetchOutcome] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT ticket_id, outcome FROM fetch_log WHERE source = ? AND ticket_id BETWEEN ? AND ?",
                arguments: [source, range.lowerBound, range.upperBound])
            while let row = try rows.next() {
                if let outcome = FetchOutcome(rawValue: row[1]) { outcomes[row[0]] = outcome }
            }
            return outcomes
        }
    }

    /// Ids whose last fetch failed, in order: what `--retry-failed` fetches again.
    package func failedTicketIDs(source: String) throws(StoreError) -> [Int] {
        try read { db in
            try Int.fetchAll(
                db, sql: "SELECT ticket_id FROM fetch_log WHERE source = ? AND outcome = 'failed' ORDER BY ticket_id",
                arguments: [source])
        }
    }

    /// Stored tickets whose status is not in `closedStatuses`: what `--refresh-open` re-fetches.
    /// Tickets the helpdesk answered "not found" for at their last fetch (deleted) are left out.
    package func openTicketIDs(source: String, closedStatuses: Set<String>) throws(StoreError) -> [Int] {
        try openTicketStates(source: source, closedStatuses: closedStatuses).keys.sorted()
    }

    /// The highest stored ticket id: `sync` continues after it.
    package func highestFetchedID(source: String) throws(StoreError) -> Int? {
        try read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT max(ticket_id) FROM fetch_log WHERE source = ? AND outcome = 'ok'",
                arguments: [source])
        }
    }

    /// Records the start of an ingest run and returns its id. `options` must hold no secret.
    package func beginRun(source: String, url: String, authStyle: String, request: String, options: String)
        throws(StoreError) -> Int64
    {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO ingest_runs (source, url, auth_style, request, options, started_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [source, url, authStyle, request, options, utcNowText()])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended: completed, partial, interrupted or failed.
    package func finishRun(_ runID: Int64, outcome: String, counts: RunCounts) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE ingest_runs SET finished_at = ?, outcome = ?, stored = ?, not_found = ?, failed = ?,
                        skipped = ?, retries = ?
                    WHERE run_id = ?
                    """,
                arguments: [
                    utcNowText(), outcome, counts.stored, counts.notFound, counts.failed, counts.skipped,
                    counts.retries, runID,
                ])
        }
    }
}
