import Config
import Foundation
import GRDB
import GRDBSQLite
import HelpdeskAPI

/// What one fetch of one ticket id came to; the unit the ingest writer hands the store.
package enum FetchRecord: Sendable {
    /// A ticket, with the response body (already without `c`) for `raw_responses`.
    case ticket(Ticket, rawBody: [UInt8]?, attempts: Int, httpStatus: Int)
    case notFound(ticketID: Int, attempts: Int)
    case failed(ticketID: Int, attempts: Int, httpStatus: Int?, error: String)

    package var ticketID: Int {
        switch self {
        case .ticket(let ticket, _, _, _): return ticket.ticketID
        case .notFound(let id, _), .failed(let id, _, _, _): return id
        }
    }
}

extension TicketStore {
    /// Stores a batch in one transaction: each ticket replaces its previous version whole
    /// (ticket, replies, notes, metrics, waits, raw body), and every id gets its fetch_log row.
    ///
    /// A batch is all or nothing, so a crash never leaves half a ticket behind.
    package func write(_ records: [FetchRecord], source: String, runID: Int64? = nil) async throws(StoreError) {
        let calendar = self.calendar
        let times = fetchTimes()
        try await write { db in
            try Self.write(records, source: source, runID: runID, times: times, calendar: calendar, in: db)
        }
    }

    /// The synchronous form, for callers already on a background thread (benchmarks, tests).
    package func writeSync(_ records: [FetchRecord], source: String, runID: Int64? = nil) throws(StoreError) {
        let calendar = self.calendar
        let times = fetchTimes()
        try write { db in
            try Self.write(records, source: source, runID: runID, times: times, calendar: calendar, in: db)
        }
    }

    private static func write(
        _ records: [FetchRecord], source: String, runID: Int64?, times: FetchTimes, calendar: BusinessCalendar,
        in db: Database
    ) throws {
        let writer = try RowWriter(db)
        var wroteTicket = false
        for record in records {
            try writer.store(record, source: source, runID: runID, times: times, calendar: calendar)
            if case .ticket = record { wroteTicket = true }
        }
        if wroteTicket { try recordMetricsCalendar(calendar, in: db) }
    }

    /// The tool's own "now" as stored text: UTC, `YYYY-MM-DD HH:MM:SS`.
    func utcNowText() -> String {
        LocalDateTime(secondsSinceEpoch: Int64(wallClock().timeIntervalSince1970.rounded(.down))).description
    }

    /// One batch's fetch time, in UTC for `fetched_at` and on the helpdesk's clock for
    /// `ticket_events.observed_at`: every record of a batch was fetched by then.
    func fetchTimes() -> FetchTimes {
        let now = wallClock()
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let offset = Int64(helpdeskTimeZone.secondsFromGMT(for: now))
        return FetchTimes(
            utc: LocalDateTime(secondsSinceEpoch: seconds).description,
            helpdeskLocal: LocalDateTime(secondsSinceEpoch: seconds + offset).description)
    }

    /// Notes which business calendar the stored business-hours figures use; once two
    /// calendars have been used the store says `mixed` until `rebuild --metrics`.
    static func recordMetricsCalendar(_ calendar: BusinessCalendar, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO store_meta (key, value) VALUES ('metrics_calendar', ?)
                ON CONFLICT (key) DO UPDATE SET value = 'mixed' WHERE value <> excluded.value
                """,
            arguments: [calendar.fingerprint])
    }

    /// The business calendar (its ``BusinessCalendar/fingerprint``) behind the stored
    /// `frt_business_seconds`; `mixed` when tickets were written with different ones, nil
    /// for an empty store.
    package func metricsCalendarFingerprint() throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'metrics_calendar'")
        }
    }
}

/// The write path: GRDB-cached prepared statements driven through the C API, because
/// boxing every value into `StatementArguments` costs ~1.5× on the hottest loop.
struct RowWriter {
    /// The version of the rules that derive a ticket's rows and metrics from its response,
    /// stored in `ticket_metrics.derivation`; raise it when a change alters derived values,
    /// so `check` can tell which tickets `rebuild` would change.
    ///
    /// 1: before real-world shapes (rows migrated from an older store); 2: replies without
    /// `replyid`, undated admin replies, NRT under clock skew, departments by id.
    static let derivation = 2

    let deleteReplies: RawStatement
    let deleteNotes: RawStatement
    let deleteWaits: RawStatement
    let upsertTicket: RawStatement
    let insertReply: RawStatement
    let insertNote: RawStatement
    let upsertMetrics: RawStatement
    let insertWait: RawStatement
    let upsertDepartment: RawStatement
    let upsertRaw: RawStatement
    let upsertFetchLog: RawStatement
    let selectObserved: RawStatement
    let selectDeletable: RawStatement
    let insertEvent: RawStatement

    init(_ db: Database) throws {
        func prepare(_ sql: String) throws -> RawStatement {
            RawStatement(try db.cachedStatement(sql: sql), db: db)
        }
        deleteReplies = try prepare("DELETE FROM replies WHERE source = ?1 AND ticket_id = ?2")
        deleteNotes = try prepare("DELETE FROM notes WHERE source = ?1 AND ticket_id = ?2")
        deleteWaits = try prepare("DELETE FROM reply_waits WHERE source = ?1 AND ticket_id = ?2")
        upsertTicket = try prepare(
            """
            INSERT OR REPLACE INTO tickets (source, ticket_id, tid, dept_id, dept_name, user_id, contact_id,
                name, email, cc, opened_at, subject, status, priority, admin, opened_by_admin, last_reply_at,
                flag, service, fetched_at, owner_name, requestor_name, requestor_email, requestor_type)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24)
            """)
        insertReply = try prepare(
            """
            INSERT INTO replies (source, ticket_id, position, reply_id, user_id, contact_id, name, email,
                created_at, message, attachment, admin, rating, is_admin, is_opening, requestor_name,
                requestor_email, requestor_type, attachment_count, attachment_names, attachments_removed)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21)
            """)
        insertNote = try prepare(
            """
            INSERT INTO notes (source, ticket_id, position, note_id, created_at, message, admin,
                attachment_count, attachment_names, attachments_removed)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        upsertMetrics = try prepare(
            """
            INSERT OR REPLACE INTO ticket_metrics (source, ticket_id, dept_name, opened_at, status, priority,
                opened_by_admin, first_admin_reply_at, last_admin_reply_at, first_response_at, first_responder,
                frt_seconds, frt_business_seconds, customer_replies, admin_replies, notes, rated_replies,
                rating_sum, last_reply_at, dept_id, answered, undated_replies, skewed_replies,
                reply_ids_assigned, derivation)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25)
            """)
        insertWait = try prepare(
            """
            INSERT INTO reply_waits (source, ticket_id, wait_index, dept_name, customer_at, admin_at, admin,
                wait_seconds, dept_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        // The most recently fetched name wins: a rebuild, which replays older fetches, keeps it.
        upsertDepartment = try prepare(
            """
            INSERT INTO departments (source, dept_id, dept_name, seen_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (source, dept_id) DO UPDATE SET dept_name = excluded.dept_name, seen_at = excluded.seen_at
            WHERE excluded.seen_at >= departments.seen_at
            """)
        upsertRaw = try prepare(
            "INSERT OR REPLACE INTO raw_responses (source, ticket_id, fetched_at, body) VALUES (?1, ?2, ?3, ?4)")
        upsertFetchLog = try prepare(
            """
            INSERT OR REPLACE INTO fetch_log (source, ticket_id, outcome, http_status, attempts, last_error,
                run_id, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        selectObserved = try prepare(
            """
            SELECT t.status, t.priority, t.dept_id, t.flag, t.subject,
                (SELECT count(*) FROM replies AS r WHERE r.source = ?1 AND r.ticket_id = ?2 AND r.is_opening = 0),
                (SELECT count(*) FROM notes AS n WHERE n.source = ?1 AND n.ticket_id = ?2)
            FROM tickets AS t WHERE t.source = ?1 AND t.ticket_id = ?2
            """)
        // A stored ticket whose previous fetch found it: "not found" now means it was deleted.
        selectDeletable = try prepare(
            """
            SELECT t.status, t.last_reply_at FROM tickets AS t
            JOIN fetch_log AS f ON f.source = t.source AND f.ticket_id = t.ticket_id AND f.outcome = 'ok'
            WHERE t.source = ?1 AND t.ticket_id = ?2
            """)
        insertEvent = try prepare(
            """
            INSERT INTO ticket_events (source, ticket_id, observed_at, field, old_value, new_value, replies_added,
                notes_added, last_reply_at, run_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
    }

    func store(_ record: FetchRecord, source: String, runID: Int64?, times: FetchTimes, calendar: BusinessCalendar)
        throws
    {
        let now = times.utc
        switch record {
        case .ticket(let ticket, let rawBody, let attempts, let httpStatus):
            let before = try observedState(source: source, id: ticket.ticketID)
            try store(ticket, source: source, fetchedAt: now, calendar: calendar)
            try recordEvents(
                TicketChange(before: before, after: ObservedState(ticket)), of: ticket, source: source,
                observedAt: times.helpdeskLocal, runID: runID)
            if let rawBody {
                try upsertRaw.run { s in
                    s.bind(1, source)
                    s.bind(2, ticket.ticketID)
                    s.bind(3, now)
                    s.bind(4, blob: rawBody)
                }
            }
            try log(source, ticket.ticketID, "ok", httpStatus, attempts, nil, runID, now)
        case .notFound(let id, let attempts):
            try recordDeletion(source: source, id: id, observedAt: times.helpdeskLocal, runID: runID)
            try log(source, id, "not_found", 200, attempts, nil, runID, now)
        case .failed(let id, let attempts, let httpStatus, let error):
            try log(source, id, "failed", httpStatus, attempts, error, runID, now)
        }
    }

    // swift-format-ignore: FunctionParameterCount
    private func log(
        _ source: String, _ id: Int, _ outcome: String, _ status: Int?, _ attempts: Int, _ error: String?,
        _ runID: Int64?, _ now: String
    ) throws {
        try upsertFetchLog.run { s in
            s.bind(1, source)
            s.bind(2, id)
            s.bind(3, outcome)
            s.bind(4, status)
            s.bind(5, attempts)
            s.bind(6, error)
            s.bind(7, runID.map(Int.init))
            s.bind(8, now)
        }
    }

    /// Replaces a ticket's rows (ticket, replies, notes, metrics, waits, department name) with
    /// those derived from `ticket`, as fetched at `fetchedAt` (UTC).
    func store(_ ticket: Ticket, source: String, fetchedAt: String, calendar: BusinessCalendar) throws {
        let id = ticket.ticketID
        for statement in [deleteReplies, deleteNotes] {
            try statement.run { s in
                s.bind(1, source)
                s.bind(2, id)
            }
        }
        let openedAt = ticket.openedAt?.description
        try upsertTicket.run { s in
            s.bind(1, source)
            s.bind(2, id)
            s.bind(3, ticket.ticketNumber)
            s.bind(4, ticket.departmentID)
            s.bind(5, ticket.departmentName)
            s.bind(6, ticket.userID)
            s.bind(7, ticket.contactID)
            s.bind(8, ticket.name)
            s.bind(9, ticket.email)
            s.bind(10, ticket.cc)
            s.bind(11, openedAt)
            s.bind(12, ticket.subject)
            s.bind(13, ticket.status)
            s.bind(14, ticket.priority)
            s.bind(15, ticket.admin.isEmpty ? nil : ticket.admin)
            s.bind(16, ticket.isOpenedByAdmin ? 1 : 0)
            s.bind(17, ticket.lastReplyAt?.description)
            s.bind(18, ticket.flag)
            s.bind(19, ticket.service)
            s.bind(20, fetchedAt)
            s.bind(21, ticket.ownerName)
            s.bind(22, ticket.requestor?.name)
            s.bind(23, ticket.requestor?.email)
            s.bind(24, ticket.requestor?.type)
        }
        try upsertDepartment.run { s in
            s.bind(1, source)
            s.bind(2, ticket.departmentID)
            s.bind(3, ticket.departmentName)
            s.bind(4, fetchedAt)
        }

        let ordered = TicketMetrics.chronological(ticket.replies)
        for (position, reply) in ordered.enumerated() {
            let byAdmin = TicketMetrics.isAdminSide(reply, of: ticket)
            try insertReply.run { s in
                s.bind(1, source)
                s.bind(2, id)
                s.bind(3, position)
                s.bind(4, reply.replyID)
                s.bind(5, reply.userID)
                s.bind(6, reply.contactID)
                s.bind(7, reply.name)
                s.bind(8, reply.email)
                s.bind(9, reply.date?.description)
                s.bind(10, reply.message)
                s.bind(11, reply.attachment)
                s.bind(12, reply.admin.isEmpty ? (reply.isOpeningMessage && byAdmin ? ticket.admin : nil) : reply.admin)
                s.bind(13, reply.isOpeningMessage ? nil : reply.rating)
                s.bind(14, byAdmin ? 1 : 0)
                s.bind(15, reply.isOpeningMessage ? 1 : 0)
                s.bind(16, reply.requestor?.name)
                s.bind(17, reply.requestor?.email)
                s.bind(18, reply.requestor?.type)
                s.bind(19, reply.attachments.names.count)
                s.bind(20, Self.joined(reply.attachments.names))
                s.bind(21, reply.attachments.removed ? 1 : 0)
            }
        }
        for (position, note) in ticket.notes.enumerated() {
            try insertNote.run { s in
                s.bind(1, source)
                s.bind(2, id)
                s.bind(3, position)
                s.bind(4, note.noteID)
                s.bind(5, note.date?.description)
                s.bind(6, note.message)
                s.bind(7, note.admin.isEmpty ? nil : note.admin)
                s.bind(8, note.attachments.names.count)
                s.bind(9, Self.joined(note.attachments.names))
                s.bind(10, note.attachments.removed ? 1 : 0)
            }
        }
        try storeMetrics(of: ticket, orderedReplies: ordered, source: source, calendar: calendar)
    }

    /// Replaces a ticket's `ticket_metrics` row and `reply_waits`: the derived part alone.
    func storeMetrics(of ticket: Ticket, orderedReplies ordered: [Reply], source: String, calendar: BusinessCalendar)
        throws
    {
        let id = ticket.ticketID
        try deleteWaits.run { s in
            s.bind(1, source)
            s.bind(2, id)
        }
        let metrics = TicketMetrics(ticket: ticket, orderedReplies: ordered, calendar: calendar)
        try upsertMetrics.run { s in
            s.bind(1, source)
            s.bind(2, id)
            s.bind(3, ticket.departmentName)
            s.bind(4, ticket.openedAt?.description)
            s.bind(5, ticket.status)
            s.bind(6, ticket.priority)
            s.bind(7, ticket.isOpenedByAdmin ? 1 : 0)
            s.bind(8, metrics.firstAdminReplyAt?.description)
            s.bind(9, metrics.lastAdminReplyAt?.description)
            s.bind(10, metrics.firstResponseAt?.description)
            s.bind(11, metrics.firstResponder)
            s.bind(12, metrics.firstResponseSeconds.map(Int.init))
            s.bind(13, metrics.firstResponseBusinessSeconds.map(Int.init))
            s.bind(14, metrics.customerReplies)
            s.bind(15, metrics.adminReplies)
            s.bind(16, metrics.notes)
            s.bind(17, metrics.ratedReplies)
            s.bind(18, metrics.ratingSum)
            s.bind(19, ticket.lastReplyAt?.description)
            s.bind(20, ticket.departmentID)
            s.bind(21, metrics.answered ? 1 : 0)
            s.bind(22, metrics.undatedReplies)
            s.bind(23, metrics.skewedReplies)
            s.bind(24, ticket.replyIDsAssigned ? 1 : 0)
            s.bind(25, Self.derivation)
        }
        for (index, wait) in metrics.waits.enumerated() {
            try insertWait.run { s in
                s.bind(1, source)
                s.bind(2, id)
                s.bind(3, index)
                s.bind(4, ticket.departmentName)
                s.bind(5, wait.customerAt.description)
                s.bind(6, wait.adminAt.description)
                s.bind(7, wait.admin)
                s.bind(8, Int(wait.seconds))
                s.bind(9, ticket.departmentID)
            }
        }
    }

    /// The stored version's observable fields, or nil when the ticket is new to the store.
    private func observedState(source: String, id: Int) throws -> ObservedState? {
        try selectObserved.query(
            { s in
                s.bind(1, source)
                s.bind(2, id)
            },
            row: { row in
                ObservedState(
                    status: row.text(0) ?? "", priority: row.text(1) ?? "", departmentID: row.int(2),
                    flag: row.int(3), subject: row.text(4) ?? "", replies: row.int(5), notes: row.int(6))
            })
    }

    private func recordEvents(
        _ change: TicketChange, of ticket: Ticket, source: String, observedAt: String, runID: Int64?
    )
        throws
    {
        let lastReplyAt = ticket.lastReplyAt?.description
        for event in change.events {
            try insertEvent.run { s in
                s.bind(1, source)
                s.bind(2, ticket.ticketID)
                s.bind(3, observedAt)
                s.bind(4, event.field.rawValue)
                s.bind(5, event.oldValue)
                s.bind(6, event.newValue)
                s.bind(7, event.repliesAdded)
                s.bind(8, event.notesAdded)
                s.bind(9, lastReplyAt)
                s.bind(10, runID.map(Int.init))
            }
        }
    }

    /// A `deleted` event the first time a stored ticket is answered "not found"; the ticket's
    /// rows stay (its history happened), later misses add nothing.
    private func recordDeletion(source: String, id: Int, observedAt: String, runID: Int64?) throws {
        let previous = try selectDeletable.query(
            { s in
                s.bind(1, source)
                s.bind(2, id)
            },
            row: { row in (status: row.text(0), lastReplyAt: row.text(1)) })
        guard let previous else { return }
        try insertEvent.run { s in
            s.bind(1, source)
            s.bind(2, id)
            s.bind(3, observedAt)
            s.bind(4, TicketEvent.Field.deleted.rawValue)
            s.bind(5, previous.status)
            s.bind(6, nil as String?)
            s.bind(7, 0)
            s.bind(8, 0)
            s.bind(9, previous.lastReplyAt)
            s.bind(10, runID.map(Int.init))
        }
    }

    /// Attachment names as one text: `a.png|b.pdf`, as WHMCS itself joins them; NULL for none.
    static func joined(_ names: [String]) -> String? {
        names.isEmpty ? nil : names.joined(separator: "|")
    }
}

/// A prepared statement driven through the C API: bind, step once, reset.
struct RawStatement {
    let handle: OpaquePointer
    let connection: OpaquePointer?

    init(_ statement: Statement, db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// SQLite copies bound text and blobs immediately (`SQLITE_TRANSIENT`), so Swift's
    /// temporary buffers may go away right after binding.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    nonisolated(unsafe) private static let emptyText: UnsafePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    struct Binder {
        let handle: OpaquePointer

        func bind(_ index: Int32, _ value: Int) {
            sqlite3_bind_int64(handle, index, Int64(value))
        }

        func bind(_ index: Int32, _ value: Int?) {
            if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
        }

        func bind(_ index: Int32, _ value: String) {
            var text = value
            text.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    // An empty buffer may have no address; a nil pointer would bind NULL, not "".
                    _ = sqlite3_bind_text(
                        handle, index, chars.baseAddress ?? RawStatement.emptyText, Int32(chars.count),
                        RawStatement.transient)
                }
            }
        }

        func bind(_ index: Int32, _ value: String?) {
            if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
        }

        func bind(_ index: Int32, blob: [UInt8]) {
            blob.withUnsafeBytes { buffer in
                _ = sqlite3_bind_blob(
                    handle, index, buffer.baseAddress ?? UnsafeRawPointer(RawStatement.emptyText),
                    Int32(buffer.count), RawStatement.transient)
            }
        }
    }

    /// The columns of the row a query stepped onto.
    struct Columns {
        let handle: OpaquePointer

        func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

        func text(_ index: Int32) -> String? {
            guard let pointer = sqlite3_column_text(handle, index) else { return nil }
            return String(cString: pointer)
        }
    }

    /// Steps once and reads the first row, or returns nil when there is none.
    func query<T>(_ bind: (Binder) -> Void, row read: (Columns) -> T) throws -> T? {
        sqlite3_reset(handle)
        bind(Binder(handle: handle))
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return read(Columns(handle: handle))
        case SQLITE_DONE: return nil
        case let code:
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    func run(_ bind: (Binder) -> Void) throws {
        sqlite3_reset(handle)
        bind(Binder(handle: handle))
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}

/// When a batch was fetched: UTC for the tool's own columns, the helpdesk's clock for history.
struct FetchTimes: Sendable {
    var utc: String
    var helpdeskLocal: String
}
