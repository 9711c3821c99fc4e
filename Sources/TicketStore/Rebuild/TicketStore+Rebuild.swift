import Config
import Foundation
import GRDB
import GRDBSQLite
import HelpdeskAPI

/// What `ticketreport rebuild` re-derives, with no network.
package enum RebuildScope: String, Sendable {
    /// Tickets, replies, notes, metrics and waits from each ticket's stored response body
    /// (`raw_responses`), through today's decoder: a parser fix reaches an existing store.
    case everything
    /// `ticket_metrics` and `reply_waits` alone, from the stored tickets and replies: after
    /// the business calendar changed.
    case metrics
}

/// Where a rebuild is, for a progress line.
package struct RebuildProgress: Sendable, Equatable {
    package var done: Int
    package var total: Int
    package var elapsedSeconds: Double
}

/// A ticket whose stored response no longer decodes; its rows are left as they were.
package struct UndecodableResponse: Sendable, Equatable {
    package var source: String
    package var ticketID: Int
    package var reason: String
}

/// How a rebuild ended.
package struct RebuildSummary: Sendable, Equatable {
    package var scope: RebuildScope
    /// Tickets re-derived in this run.
    package var rebuilt = 0
    /// Of those, tickets whose stored rows changed.
    package var changed = 0
    package var undecodable: [UndecodableResponse] = []
    /// Tickets without a stored response (a full rebuild leaves them as they were).
    package var withoutResponse = 0
    /// This run continued one that was interrupted.
    package var resumed = false
    /// Stopped before the end (the next run continues where this one stopped).
    package var interrupted = false
    package var elapsedSeconds = 0.0
}

extension TicketStore {
    /// Re-derives the store from what it already holds, one transaction per batch of
    /// `batchSize` tickets, resumable: an interrupted run records where it stopped in
    /// `store_meta`, and the next rebuild of the same scope continues there.
    ///
    /// The store is migrated to the current schema first (it is opened read-write). Rows are
    /// written with this store's ``calendar``. A stored body that no longer decodes is
    /// reported in the summary, and that ticket's rows are left as they were.
    ///
    ///     let store = try TicketStore(path: "tickets.sqlite", access: .readWrite, calendar: config.calendar)
    ///     let summary = try store.rebuild(.everything)
    ///     summary.changed   // tickets whose rows are different now
    ///
    /// - Parameters:
    ///   - shouldStop: asked between batches; true ends the run after the batch in progress.
    ///   - onProgress: called after every batch.
    package func rebuild(
        _ scope: RebuildScope, batchSize: Int = 256, shouldStop: () -> Bool = { false },
        onProgress: (RebuildProgress) -> Void = { _ in }
    ) throws(StoreError) -> RebuildSummary {
        let start = ContinuousClock.now
        var summary = RebuildSummary(scope: scope)
        let calendar = self.calendar
        let cursorKey = "rebuild_cursor_\(scope.rawValue)"
        let listing = scope == .everything ? "raw_responses" : "tickets"

        var cursor: (source: String, ticketID: Int)? = try read { db in
            guard
                let text = try String.fetchOne(
                    db, sql: "SELECT value FROM store_meta WHERE key = ?", arguments: [cursorKey])
            else { return nil }
            let parts = text.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let id = Int(parts[1]) else { return nil }
            return (String(parts[0]), id)
        }
        summary.resumed = cursor != nil
        let (total, withoutResponse) = try read { db in
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(listing) WHERE (source, ticket_id) > (?, ?)",
                    arguments: [cursor?.source ?? "", cursor?.ticketID ?? Int.min]) ?? 0
            let missing =
                scope == .everything
                ? try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM tickets AS t WHERE NOT EXISTS (
                            SELECT 1 FROM raw_responses AS r WHERE r.source = t.source AND r.ticket_id = t.ticket_id)
                        """) ?? 0 : 0
            return (total, missing)
        }
        summary.withoutResponse = withoutResponse

        var done = 0
        // Reading and decoding the stored bodies runs a batch ahead on a thread of its own,
        // so the second core decodes while this one writes.
        let decoder = scope == .everything ? ResponseDecoder(reader: reader, after: cursor, batchSize: batchSize) : nil
        defer { decoder?.cancel() }
        while true {
            if shouldStop() {
                summary.interrupted = true
                break
            }
            let after = cursor
            let decoded: DecodedBatch?
            do { decoded = try decoder?.next() } catch { throw StoreError.wrap(error, path: path) }
            let batch = try write { db throws -> BatchOutcome in
                let outcome =
                    scope == .everything
                    ? try Rebuilder(db).rederive(decoded, calendar: calendar)
                    : try Rebuilder(db).rederiveMetrics(after: after, limit: batchSize, calendar: calendar)
                if let last = outcome.last {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)",
                        arguments: [cursorKey, "\(last.source)\t\(last.ticketID)"])
                } else {
                    // Done: forget the cursor, and every ticket's business figures now use
                    // this calendar (unless some tickets could not be re-derived).
                    try db.execute(sql: "DELETE FROM store_meta WHERE key = ?", arguments: [cursorKey])
                    if scope == .metrics || withoutResponse == 0 {
                        try db.execute(
                            sql: "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('metrics_calendar', ?)",
                            arguments: [calendar.fingerprint])
                    }
                }
                return outcome
            }
            guard let last = batch.last else { break }
            if let decoder, let decoded { decoder.verify(batch.rebuiltKeys, before: decoded.before) }
            cursor = last
            done += batch.processed
            summary.rebuilt += batch.rebuilt
            summary.changed += batch.changed
            summary.undecodable += batch.undecodable
            onProgress(
                RebuildProgress(
                    done: done, total: max(total, done), elapsedSeconds: (ContinuousClock.now - start).seconds))
        }
        if let decoder {
            do { summary.changed += try decoder.finish() } catch { throw StoreError.wrap(error, path: path) }
        }
        summary.elapsedSeconds = (ContinuousClock.now - start).seconds
        return summary
    }
}

/// What one batch of a rebuild did.
struct BatchOutcome {
    /// The last ticket of the batch in (source, ticket_id) order; nil when nothing was left.
    var last: (source: String, ticketID: Int)?
    var processed = 0
    var rebuilt = 0
    var changed = 0
    /// The tickets rewritten from their responses, whose change is counted after the commit.
    var rebuiltKeys: [TicketKey] = []
    var undecodable: [UndecodableResponse] = []
}

/// One batch of a rebuild, inside the batch's write transaction.
struct Rebuilder {
    let db: Database
    let writer: RowWriter

    init(_ db: Database) throws {
        self.db = db
        self.writer = try RowWriter(db)
    }

    static let allTables = ["tickets", "replies", "notes", "ticket_metrics", "reply_waits"]
    static let derivedTables = ["ticket_metrics", "reply_waits"]

    /// Rewrites the tickets of a decoded batch; nil when nothing is left.
    func rederive(_ batch: DecodedBatch?, calendar: BusinessCalendar) throws -> BatchOutcome {
        var outcome = BatchOutcome()
        guard let batch, let last = batch.entries.last else { return outcome }
        outcome.last = (last.key.source, last.key.ticketID)
        outcome.processed = batch.entries.count
        var rebuilt: [TicketKey] = []
        for entry in batch.entries {
            switch entry.ticket {
            case .failure(let undecodable):
                outcome.undecodable.append(undecodable)
            case .success(let ticket):
                try writer.store(ticket, source: entry.key.source, fetchedAt: entry.fetchedAt, calendar: calendar)
                rebuilt.append(entry.key)
            }
        }
        // Whether each rewrite changed its rows is checked after the commit, on the
        // decoder's thread (``ResponseDecoder/verify(_:before:)``), off this write path.
        outcome.rebuilt = rebuilt.count
        outcome.rebuiltKeys = rebuilt
        return outcome
    }

    /// Recomputes the metrics of the next `limit` stored tickets from their stored replies.
    func rederiveMetrics(after: (source: String, ticketID: Int)?, limit: Int, calendar: BusinessCalendar)
        throws -> BatchOutcome
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT t.source, t.ticket_id, t.dept_id, t.dept_name, t.opened_at, t.status, t.priority, t.admin,
                       t.last_reply_at, coalesce(m.reply_ids_assigned, 0) AS reply_ids_assigned,
                       (SELECT count(*) FROM notes AS n WHERE n.source = t.source AND n.ticket_id = t.ticket_id) AS notes
                FROM tickets AS t
                LEFT JOIN ticket_metrics AS m ON m.source = t.source AND m.ticket_id = t.ticket_id
                WHERE (t.source, t.ticket_id) > (?, ?) ORDER BY t.source, t.ticket_id LIMIT ?
                """,
            arguments: [after?.source ?? "", after?.ticketID ?? Int.min, limit])
        var outcome = BatchOutcome()
        guard let lastRow = rows.last else { return outcome }
        outcome.last = (lastRow["source"], lastRow["ticket_id"])
        outcome.processed = rows.count
        let keys = rows.map { TicketKey(source: $0["source"], ticketID: $0["ticket_id"]) }
        let before = try RowDigest.of(keys, tables: Self.derivedTables, in: db)
        let replies = try storedReplies(of: keys)
        for (row, key) in zip(rows, keys) {
            var ticket = Ticket(
                ticketID: key.ticketID, departmentID: row["dept_id"], departmentName: row["dept_name"],
                openedAt: (row["opened_at"] as String?).flatMap(LocalDateTime.init(parsing:)), status: row["status"],
                priority: row["priority"], admin: row["admin"] ?? "",
                lastReplyAt: (row["last_reply_at"] as String?).flatMap(LocalDateTime.init(parsing:)),
                replyIDsAssigned: (row["reply_ids_assigned"] as Int) == 1)
            // The metrics need the number of notes only.
            ticket.notes = Array(repeating: Note(noteID: 0, date: nil), count: row["notes"])
            try writer.storeMetrics(
                of: ticket, orderedReplies: replies[key] ?? [], source: key.source, calendar: calendar)
        }
        let after = try RowDigest.of(keys, tables: Self.derivedTables, in: db)
        outcome.rebuilt = keys.count
        outcome.changed = keys.filter { before[$0] != after[$0] }.count
        return outcome
    }

    /// The stored replies of `keys`, in stored (date) order, as the metrics read them.
    private func storedReplies(of keys: [TicketKey]) throws -> [TicketKey: [Reply]] {
        var replies: [TicketKey: [Reply]] = [:]
        for (source, ids) in Dictionary(grouping: keys, by: \.source) {
            let range = ids.map(\.ticketID)
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT ticket_id, reply_id, created_at, admin, rating, is_opening FROM replies
                    WHERE source = ? AND ticket_id BETWEEN ? AND ? ORDER BY ticket_id, position
                    """,
                arguments: [source, range.min() ?? 0, range.max() ?? 0])
            while let row = try rows.next() {
                let key = TicketKey(source: source, ticketID: row["ticket_id"])
                let isOpening = (row["is_opening"] as Int) == 1
                let replyID: Int = row["reply_id"]
                replies[key, default: []].append(
                    Reply(
                        // Reply id 0 marks the opening message; no other reply may carry it.
                        replyID: isOpening ? 0 : (replyID == 0 ? -1 : replyID),
                        date: (row["created_at"] as String?).flatMap(LocalDateTime.init(parsing:)),
                        admin: row["admin"] ?? "", rating: row["rating"]))
            }
        }
        return replies
    }
}

/// One stored response, decoded (or why it could not be).
struct DecodedResponse: Sendable {
    var key: TicketKey
    var fetchedAt: String
    var ticket: Result<Ticket, UndecodableResponse>
}

struct DecodedBatch: Sendable {
    var entries: [DecodedResponse]
    /// The digests of the batch's rows when it was read, to count what the rewrite changes.
    var before: [TicketKey: [Int]]
}

extension UndecodableResponse: Error {}

/// Reads stored responses in (source, ticket_id) order on a read connection and decodes
/// them on a thread of its own, up to two batches ahead of the consumer; the same thread
/// then counts which committed rewrites changed their rows.
final class ResponseDecoder: @unchecked Sendable {
    /// A committed batch to compare with its rows as they were before the rewrite.
    private struct Verification {
        var keys: [TicketKey]
        var before: [TicketKey: [Int]]
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Result<DecodedBatch, any Error>] = []
    private var verifications: [Verification] = []
    private var exhausted = false
    private var finishing = false
    private var cancelled = false
    private var threadEnded = false
    private var changed = 0
    private var verifyError: (any Error)?

    init(reader: any DatabaseReader, after: (source: String, ticketID: Int)?, batchSize: Int, depth: Int = 2) {
        let thread = Thread { [self] in
            var cursor = after
            var reading = true
            while true {
                condition.lock()
                while !cancelled, !finishing, verifications.isEmpty, !(reading && ready.count < depth) {
                    condition.wait()
                }
                // Counting comes first: the writer waits for nothing, but the summary does.
                let verification = verifications.isEmpty ? nil : verifications.removeFirst()
                let read = verification == nil && reading && ready.count < depth && !finishing && !cancelled
                if cancelled || (verification == nil && !read) {
                    threadEnded = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                condition.unlock()

                if let verification {
                    let outcome = Result {
                        let after = try reader.read { db in
                            try RowDigest.of(verification.keys, tables: Rebuilder.allTables, in: db)
                        }
                        return verification.keys.filter { verification.before[$0] != after[$0] }.count
                    }
                    condition.lock()
                    switch outcome {
                    case .success(let count): changed += count
                    case .failure(let error): verifyError = verifyError ?? error
                    }
                    condition.unlock()
                    continue
                }
                let batch: Result<DecodedBatch, any Error> = Result {
                    // The digests of the rows as they stand are taken here too, off the
                    // writer's path: only the writer changes these rows, after this read.
                    let (rows, before) = try reader.read { db in
                        let rows = try Row.fetchAll(
                            db,
                            sql: """
                                SELECT source, ticket_id, fetched_at, body FROM raw_responses
                                WHERE (source, ticket_id) > (?, ?) ORDER BY source, ticket_id LIMIT ?
                                """,
                            arguments: [cursor?.source ?? "", cursor?.ticketID ?? Int.min, batchSize])
                        let keys = rows.map { TicketKey(source: $0["source"], ticketID: $0["ticket_id"]) }
                        return (rows, try RowDigest.of(keys, tables: Rebuilder.allTables, in: db))
                    }
                    if let last = rows.last { cursor = (last["source"], last["ticket_id"]) }
                    return DecodedBatch(entries: rows.map(Self.decode), before: before)
                }
                condition.lock()
                if case .success(let decoded) = batch, decoded.entries.isEmpty {
                    exhausted = true
                    reading = false
                } else {
                    ready.append(batch)
                    if case .failure = batch { reading = false }
                }
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.start()
    }

    static func decode(_ row: Row) -> DecodedResponse {
        let key = TicketKey(source: row["source"], ticketID: row["ticket_id"])
        return DecodedResponse(key: key, fetchedAt: row["fetched_at"], ticket: decodeStored(row["body"], key: key))
    }

    /// A stored body as today's decoder reads it: the ticket, or why it is not `key`'s ticket.
    static func decodeStored(_ body: Data, key: TicketKey) -> Result<Ticket, UndecodableResponse> {
        do {
            let decoded = try GetTicketResponse.decodeStored(Array(body))
            guard decoded.ticketID == key.ticketID else {
                return .failure(
                    UndecodableResponse(
                        source: key.source, ticketID: key.ticketID,
                        reason: "the stored response is for ticket \(decoded.ticketID)"))
            }
            return .success(decoded)
        } catch {
            return .failure(UndecodableResponse(source: key.source, ticketID: key.ticketID, reason: error.message))
        }
    }

    /// The next batch, waiting for it when needed; nil once every response was handed out.
    func next() throws -> DecodedBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !exhausted { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let batch = ready.removeFirst()
        condition.broadcast()
        return try batch.get()
    }

    /// Counts, once the batch is committed, how many of `keys` now differ from `before`.
    func verify(_ keys: [TicketKey], before: [TicketKey: [Int]]) {
        guard !keys.isEmpty else { return }
        condition.lock()
        verifications.append(Verification(keys: keys, before: before))
        condition.broadcast()
        condition.unlock()
    }

    /// Stops reading, waits for every verification handed in, and returns how many
    /// rewritten tickets changed.
    func finish() throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        finishing = true
        condition.broadcast()
        while !threadEnded { condition.wait() }
        if let verifyError { throw verifyError }
        return changed
    }

    /// Stops reading ahead (the thread ends after the batch in hand).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

struct TicketKey: Hashable, Sendable {
    var source: String
    var ticketID: Int
}

/// A fingerprint of a ticket's rows in some tables, to tell whether a rebuild changed them.
///
/// Each row's values (typed, so 1 and "1" differ) are hashed straight from SQLite's column
/// buffers with the standard library's `Hasher` (seeded per process, which is all a
/// before/after comparison within one run needs); a ticket's fingerprint is the wrapping sum
/// of its rows' hashes per table. Fetch times are left out: a rebuild keeps them anyway.
enum RowDigest {
    static let volatileColumns: Set<String> = ["fetched_at"]

    static func of(_ keys: [TicketKey], tables: [String], in db: Database) throws -> [TicketKey: [Int]] {
        var digests: [TicketKey: [Int]] = [:]
        for key in keys { digests[key] = Array(repeating: 0, count: tables.count) }
        for (source, group) in Dictionary(grouping: keys, by: \.source) {
            let ids = group.map(\.ticketID)
            for (index, table) in tables.enumerated() {
                let columns = try db.columns(in: table).map(\.name).filter { !volatileColumns.contains($0) }
                let list = (["ticket_id"] + columns).map { "\"\($0)\"" }.joined(separator: ", ")
                let statement = try db.cachedStatement(
                    sql: "SELECT \(list) FROM \"\(table)\" WHERE source = ? AND ticket_id BETWEEN ? AND ?")
                try statement.setArguments([source, ids.min() ?? 0, ids.max() ?? 0])
                let handle = statement.sqliteStatement
                defer { sqlite3_reset(handle) }
                let count = sqlite3_column_count(handle)
                while true {
                    let code = sqlite3_step(handle)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "digest of \(table)")
                    }
                    let key = TicketKey(source: source, ticketID: Int(sqlite3_column_int64(handle, 0)))
                    guard digests[key] != nil else { continue }
                    var hasher = Hasher()
                    for column in 1..<count { combine(&hasher, handle, column) }
                    digests[key]![index] &+= hasher.finalize()
                }
            }
        }
        return digests
    }

    private static func combine(_ hasher: inout Hasher, _ handle: OpaquePointer?, _ column: CInt) {
        let type = sqlite3_column_type(handle, column)
        hasher.combine(type)
        switch type {
        case SQLITE_INTEGER: hasher.combine(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: hasher.combine(sqlite3_column_double(handle, column).bitPattern)
        case SQLITE_TEXT, SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(handle, column))
            hasher.combine(length)
            if length > 0, let bytes = sqlite3_column_blob(handle, column) {
                hasher.combine(bytes: UnsafeRawBufferPointer(start: bytes, count: length))
            }
        default:
            break
        }
    }
}

extension Duration {
    /// The duration in seconds, for rates and progress lines.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension TicketStore {
    /// The version of the rules that derive rows from a response (`ticket_metrics.derivation`
    /// of a ticket written today); rows with a lower one are what `rebuild` updates.
    package static var currentDerivation: Int { RowWriter.derivation }

    /// Every stored response that today's decoder cannot read as its ticket, by ticket.
    package func undecodableResponses() throws(StoreError) -> [UndecodableResponse] {
        try read { db in
            var found: [UndecodableResponse] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT source, ticket_id, body FROM raw_responses ORDER BY source, ticket_id")
            while let row = try rows.next() {
                let key = TicketKey(source: row["source"], ticketID: row["ticket_id"])
                if case .failure(let undecodable) = ResponseDecoder.decodeStored(row["body"], key: key) {
                    found.append(undecodable)
                }
            }
            return found
        }
    }
}

extension RebuildSummary {
    /// `Rebuilt 48,211 tickets from stored responses in 6.2 s; 37 changed`.
    package var line: String {
        var line = String(
            format: "Rebuilt %@%@ tickets from stored %@ in %.1f s; %@ changed",
            scope == .metrics ? "the metrics of " : "",
            Self.grouped(rebuilt), scope == .metrics ? "replies" : "responses", elapsedSeconds, Self.grouped(changed))
        if resumed { line += " (continued an interrupted rebuild)" }
        return line
    }

    /// What the user should know besides the line: tickets without a stored response.
    package var notes: [String] {
        withoutResponse > 0
            ? ["Note: \(Self.grouped(withoutResponse)) ticket(s) have no stored response and were left as they were."]
            : []
    }

    /// Why the rebuild is only partial, naming up to five undecodable responses; nil when none.
    package var undecodableMessage: String? {
        guard !undecodable.isEmpty else { return nil }
        let examples = undecodable.prefix(5).map { "\($0.ticketID) (\($0.reason))" }
        return "\(undecodable.count) stored response(s) no longer decode and their tickets were left as they were: "
            + examples.joined(separator: ", ") + (undecodable.count > 5 ? ", …" : "")
            + "; `ticketreport check` lists them all"
    }

    static func grouped(_ number: Int) -> String {
        number.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}

extension RebuildProgress {
    /// `12,000/48,211 tickets · 17,300/s`, for a status line.
    package var line: String {
        "\(RebuildSummary.grouped(done))/\(RebuildSummary.grouped(total)) tickets · "
            + RebuildSummary.grouped(Int((Double(done) / max(elapsedSeconds, 1e-6)).rounded())) + "/s"
    }
}
