import Config
import Foundation
import GRDB
import GRDBSQLite
import HelpdeskAPI
import HelpdeskSimulator
import TicketStore

/// Store writes through the real path vs a raw sqlite3 C loop inserting the same rows.
enum StoreWriteBench {
    static func run(tickets count: Int) throws {
        let dataset = SimulatedDataset(seed: 1, ticketCount: count)
        let tickets = dataset.ids.compactMap { dataset.ticket(id: $0) }
        let batches = stride(from: 0, to: tickets.count, by: 256).map {
            Array(tickets[$0..<min($0 + 256, tickets.count)])
        }

        // The real write path: metrics computed, deletes for replacement, fetch_log, one transaction per batch.
        let toolPath = scratchPath("store-write-tool.sqlite")
        let store = try TicketStore(path: toolPath, access: .readWrite)
        let toolSeconds = try measure {
            for batch in batches {
                try store.writeSync(
                    batch.map { .ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }, source: "default")
            }
        }
        let rows = try store.read { db in
            try ["tickets", "replies", "notes", "ticket_metrics", "reply_waits", "fetch_log"].reduce(0) {
                $0 + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \($1)") ?? 0)
            }
        }

        // The baseline: the same rows, precomputed, inserted with the C API into the same schema.
        let rawPath = scratchPath("store-write-raw.sqlite")
        _ = try TicketStore(path: rawPath, access: .readWrite)
        let prepared = batches.map { $0.map(RawRows.init) }
        let rawSeconds = try RawInsertLoop.run(path: rawPath, batches: prepared)

        let ratio = toolSeconds / rawSeconds
        BenchReport.emit(
            BenchFigure(
                name: "store.write.tickets_per_s", value: Double(tickets.count) / toolSeconds, unit: "tickets/s",
                ratio: ratio, baseline: "raw sqlite3 C loop time", goal: "<= 1.2x"))
        BenchReport.emit(
            BenchFigure(
                name: "store.write.rows_per_s", value: Double(rows) / toolSeconds, unit: "rows/s",
                ratio: Double(rows) / rawSeconds / (Double(rows) / toolSeconds), baseline: "raw loop rows/s ÷ ours"))
    }
}

/// The rows one ticket becomes, as plain values, so the baseline does no Swift-side work.
struct RawRows {
    enum Value {
        case int(Int64)
        case text(String)
        case null
    }
    var statements: [(sql: Int, values: [Value])] = []

    init(_ ticket: Ticket) {
        func t(_ s: String?) -> Value { s.map { .text($0) } ?? .null }
        func i(_ v: Int?) -> Value { v.map { .int(Int64($0)) } ?? .null }
        let ordered = TicketMetrics.chronological(ticket.replies)
        let metrics = TicketMetrics(ticket: ticket, orderedReplies: ordered, calendar: .standard)
        let id = ticket.ticketID
        statements.append(
            (
                0,
                [
                    .text("default"), i(id), .text(ticket.ticketNumber), i(ticket.departmentID),
                    .text(ticket.departmentName),
                    i(ticket.userID), i(ticket.contactID), .text(ticket.name), .text(ticket.email), .text(ticket.cc),
                    t(ticket.openedAt?.description), .text(ticket.subject), .text(ticket.status),
                    .text(ticket.priority),
                    t(ticket.admin.isEmpty ? nil : ticket.admin), i(ticket.isOpenedByAdmin ? 1 : 0),
                    t(ticket.lastReplyAt?.description), i(ticket.flag), .text(ticket.service),
                    .text("2026-11-29 00:00:00"), t(ticket.ownerName), t(ticket.requestor?.name),
                    t(ticket.requestor?.email), t(ticket.requestor?.type),
                ]
            ))
        statements.append(
            (6, [.text("default"), i(ticket.departmentID), .text(ticket.departmentName), .text("2026-11-29 00:00:00")]))
        for (position, reply) in ordered.enumerated() {
            statements.append(
                (
                    1,
                    [
                        .text("default"), i(id), i(position), i(reply.replyID), i(reply.userID), i(reply.contactID),
                        .text(reply.name), .text(reply.email), t(reply.date?.description), .text(reply.message),
                        .text(reply.attachment), t(reply.admin.isEmpty ? nil : reply.admin), i(reply.rating),
                        i(reply.isAdmin ? 1 : 0), i(reply.isOpeningMessage ? 1 : 0), t(reply.requestor?.name),
                        t(reply.requestor?.email), t(reply.requestor?.type), i(reply.attachments.names.count),
                        t(reply.attachments.names.isEmpty ? nil : reply.attachments.names.joined(separator: "|")),
                        i(reply.attachments.removed ? 1 : 0),
                    ]
                ))
        }
        for (position, note) in ticket.notes.enumerated() {
            statements.append(
                (
                    2,
                    [
                        .text("default"), i(id), i(position), i(note.noteID), t(note.date?.description),
                        .text(note.message),
                        t(note.admin), i(note.attachments.names.count),
                        t(note.attachments.names.isEmpty ? nil : note.attachments.names.joined(separator: "|")),
                        i(note.attachments.removed ? 1 : 0),
                    ]
                ))
        }
        statements.append(
            (
                3,
                [
                    .text("default"), i(id), .text(ticket.departmentName), t(ticket.openedAt?.description),
                    .text(ticket.status), .text(ticket.priority), i(ticket.isOpenedByAdmin ? 1 : 0),
                    t(metrics.firstAdminReplyAt?.description), t(metrics.lastAdminReplyAt?.description),
                    t(metrics.firstResponseAt?.description), t(metrics.firstResponder),
                    i(metrics.firstResponseSeconds.map(Int.init)),
                    i(metrics.firstResponseBusinessSeconds.map(Int.init)),
                    i(metrics.customerReplies), i(metrics.adminReplies), i(metrics.notes), i(metrics.ratedReplies),
                    i(metrics.ratingSum), t(ticket.lastReplyAt?.description), i(ticket.departmentID),
                    i(metrics.answered ? 1 : 0), i(metrics.undatedReplies), i(metrics.skewedReplies),
                    i(ticket.replyIDsAssigned ? 1 : 0), i(TicketStore.currentDerivation),
                ]
            ))
        for (index, wait) in metrics.waits.enumerated() {
            statements.append(
                (
                    4,
                    [
                        .text("default"), i(id), i(index), .text(ticket.departmentName),
                        .text(wait.customerAt.description),
                        .text(wait.adminAt.description), .text(wait.admin), .int(wait.seconds),
                        i(ticket.departmentID),
                    ]
                ))
        }
        statements.append(
            (5, [.text("default"), i(id), .text("ok"), i(200), i(1), .null, .null, .text("2026-11-29 00:00:00")]))
    }
}

enum RawInsertLoop {
    /// Columns in table order (the v3 migration appended its columns at the end).
    static let sql = [
        "INSERT INTO tickets VALUES (\(placeholders(24)))",
        "INSERT INTO replies VALUES (\(placeholders(21)))",
        "INSERT INTO notes VALUES (\(placeholders(10)))",
        "INSERT INTO ticket_metrics VALUES (\(placeholders(25)))",
        "INSERT INTO reply_waits VALUES (\(placeholders(9)))",
        "INSERT INTO fetch_log VALUES (\(placeholders(8)))",
        """
        INSERT INTO departments (source, dept_id, dept_name, seen_at) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (source, dept_id) DO UPDATE SET dept_name = excluded.dept_name, seen_at = excluded.seen_at
        WHERE excluded.seen_at >= departments.seen_at
        """,
    ]

    static func placeholders(_ count: Int) -> String {
        (1...count).map { "?\($0)" }.joined(separator: ", ")
    }

    static func run(path: String, batches: [[RawRows]]) throws -> Double {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nil, nil, nil)
        var statements: [OpaquePointer?] = []
        for text in sql {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, text, -1, &statement, nil) == SQLITE_OK else {
                throw BenchError(String(cString: sqlite3_errmsg(db)))
            }
            statements.append(statement)
        }
        defer { statements.forEach { sqlite3_finalize($0) } }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let emptyText = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        emptyText.initialize(to: 0)
        defer { emptyText.deallocate() }
        return try measure {
            for batch in batches {
                sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
                for rows in batch {
                    for (index, values) in rows.statements {
                        let statement = statements[index]
                        for (position, value) in values.enumerated() {
                            let slot = Int32(position + 1)
                            switch value {
                            case .int(let v): sqlite3_bind_int64(statement, slot, v)
                            case .null: sqlite3_bind_null(statement, slot)
                            case .text(let s):
                                var copy = s
                                copy.withUTF8 { buffer in
                                    buffer.withMemoryRebound(to: CChar.self) {
                                        _ = sqlite3_bind_text(
                                            statement, slot, $0.baseAddress ?? UnsafePointer(emptyText),
                                            Int32($0.count), transient)
                                    }
                                }
                            }
                        }
                        guard sqlite3_step(statement) == SQLITE_DONE else {
                            throw BenchError(String(cString: sqlite3_errmsg(db)))
                        }
                        sqlite3_reset(statement)
                    }
                }
                sqlite3_exec(db, "COMMIT", nil, nil, nil)
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
