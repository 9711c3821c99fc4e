import Foundation
import GRDB
import HelpdeskAPI
import TestSupport
import Testing

@testable import TicketStore

@Suite("Ticket store")
struct StoreTests {
    static func customerTicket(id: Int = 1, replies: [Reply], notes: [Note] = [], admin: String = "") -> Ticket {
        Ticket(
            ticketID: id, ticketNumber: "T\(id)", departmentID: 1, departmentName: "Support", name: "Cy",
            email: "cy@example.com",
            openedAt: at("2026-10-05 09:00:00"), subject: "Help", status: "Open", priority: "High", admin: admin,
            lastReplyAt: replies.compactMap(\.date).max(), replies: replies, notes: notes)
    }

    static let opening = Reply(replyID: 0, name: "Cy", date: at("2026-10-05 09:00:00"), message: "help me")

    func store() throws -> TicketStore {
        try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
    }

    func metrics(_ store: TicketStore, _ id: Int = 1) throws -> Row {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ticket_metrics WHERE ticket_id = ?", arguments: [id])!
        }
    }

    @Test func firstResponseExcludesTheOpeningMessageAndNotes() throws {
        let store = try store()
        let ticket = Self.customerTicket(
            replies: [
                Self.opening,
                Reply(replyID: 1, date: at("2026-10-05 09:20:00"), message: "anyone?"),
                Reply(replyID: 2, date: at("2026-10-05 10:30:00"), admin: "Ann", rating: 5),
            ],
            notes: [Note(noteID: 1, date: at("2026-10-05 09:10:00"), message: "looking", admin: "Bob")])
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        let row = try metrics(store)
        #expect(row["frt_seconds"] == 5400)  // 09:00 → 10:30; Bob's note at 09:10 is not a reply
        #expect(row["first_response_at"] == "2026-10-05 10:30:00")
        #expect(row["first_responder"] == "Ann")
        #expect(row["frt_business_seconds"] == 5400)
        #expect(row["customer_replies"] == 1)
        #expect(row["admin_replies"] == 1)
        #expect(row["notes"] == 1)
        #expect(row["rated_replies"] == 1)
        #expect(row["rating_sum"] == 5)
    }

    @Test func adminOpenedTicketsHaveNoFirstResponseButCountAsLoad() throws {
        let store = try store()
        let ticket = Self.customerTicket(
            replies: [
                Reply(replyID: 0, date: at("2026-10-05 09:00:00"), message: "we noticed"),
                Reply(replyID: 1, date: at("2026-10-05 11:00:00"), message: "thanks"),
                Reply(replyID: 2, date: at("2026-10-05 12:00:00"), admin: "Ann"),
            ], admin: "Ann")
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        let row = try metrics(store)
        #expect(row["opened_by_admin"] == 1)
        #expect((row["frt_seconds"] as Int?) == nil)
        #expect((row["first_response_at"] as String?) == nil)
        #expect(row["first_admin_reply_at"] == "2026-10-05 12:00:00")
        #expect(row["admin_replies"] == 1)  // the opening message is not a reply
        #expect(row["customer_replies"] == 1)
        let opening = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT admin, is_admin FROM replies WHERE is_opening = 1")!
        }
        #expect(opening["admin"] == "Ann")
        #expect(opening["is_admin"] == 1)
        // The customer's 11:00 reply waited until 12:00: a next-reply wait, not a first response.
        let waits = try store.read { db in try Int.fetchAll(db, sql: "SELECT wait_seconds FROM reply_waits") }
        #expect(waits == [3600])
    }

    @Test func descendingOrderWithTheOpeningMessageLast() throws {
        let store = try store()
        let ticket = Self.customerTicket(replies: [
            Reply(replyID: 3, date: at("2026-10-05 15:00:00"), admin: "Bob"),
            Reply(replyID: 2, date: at("2026-10-05 13:00:00"), message: "still broken"),
            Reply(replyID: 1, date: at("2026-10-05 12:00:00"), admin: "Ann"),
            Self.opening,
        ])
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        #expect(try metrics(store)["frt_seconds"] == 3 * 3600)
        let order = try store.read { db in
            try Int.fetchAll(db, sql: "SELECT reply_id FROM replies ORDER BY position")
        }
        #expect(order == [0, 1, 2, 3])
        let waits = try store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT customer_at, admin_at, admin, wait_seconds FROM reply_waits ORDER BY wait_index")
        }
        #expect(waits.count == 2)
        #expect(waits[0]["wait_seconds"] == 3 * 3600)  // the first wait is the FRT
        #expect(waits[1]["customer_at"] == "2026-10-05 13:00:00")
        #expect(waits[1]["wait_seconds"] == 2 * 3600)
        #expect(waits[1]["admin"] == "Bob")
    }

    @Test func nextReplyWaitsStartAtTheFirstMessageOfARun() throws {
        let store = try store()
        let ticket = Self.customerTicket(replies: [
            Self.opening,
            Reply(replyID: 1, date: at("2026-10-05 10:00:00"), admin: "Ann"),
            Reply(replyID: 2, date: at("2026-10-05 11:00:00")),
            Reply(replyID: 3, date: at("2026-10-05 11:30:00")),
            Reply(replyID: 4, date: at("2026-10-05 12:00:00"), admin: "Ann"),
            Reply(replyID: 5, date: at("2026-10-05 12:10:00"), admin: "Bob"),
            Reply(replyID: 6, date: at("2026-10-05 13:00:00")),
        ])
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        let waits = try store.read { db in
            try Int.fetchAll(db, sql: "SELECT wait_seconds FROM reply_waits ORDER BY wait_index")
        }
        // 09:00→10:00, then 11:00 (first of the run 11:00, 11:30) → 12:00; the trailing 13:00 is unanswered.
        #expect(waits == [3600, 3600])
    }

    @Test func clockSkewClampsAtZero() throws {
        let store = try store()
        let ticket = Self.customerTicket(replies: [
            Self.opening, Reply(replyID: 1, date: at("2026-10-05 08:59:00"), admin: "Ann"),
        ])
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        #expect(try metrics(store)["frt_seconds"] == 0)
        #expect(try metrics(store)["frt_business_seconds"] == 0)
    }

    @Test func onlyTheOpeningMessageMeansUnanswered() throws {
        let store = try store()
        try store.writeSync(
            [.ticket(Self.customerTicket(replies: [Self.opening]), rawBody: nil, attempts: 1, httpStatus: 200)],
            source: "default")
        let row = try metrics(store)
        #expect((row["frt_seconds"] as Int?) == nil)
        #expect(row["admin_replies"] == 0)
        #expect(row["customer_replies"] == 0)
    }

    @Test func unratedRepliesStoreNullRatings() throws {
        let store = try store()
        let ticket = Self.customerTicket(replies: [
            Self.opening,
            Reply(replyID: 1, date: at("2026-10-05 10:00:00"), admin: "Ann", rating: nil),
            Reply(replyID: 2, date: at("2026-10-05 11:00:00"), admin: "Ann", rating: 3),
        ])
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        let ratings = try store.read { db in
            try Int?.fetchAll(db, sql: "SELECT rating FROM replies ORDER BY position")
        }
        #expect(ratings == [nil, nil, 3])
        #expect(try metrics(store)["rated_replies"] == 1)
    }

    @Test func businessHoursSkipNightsAndWeekends() throws {
        // 2026-10-09 is a Friday.
        let store = try store()
        var ticket = Self.customerTicket(replies: [
            Reply(replyID: 0, date: at("2026-10-09 16:00:00")),
            Reply(replyID: 1, date: at("2026-10-12 10:00:00"), admin: "Ann"),
        ])
        ticket.openedAt = at("2026-10-09 16:00:00")
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        #expect(try metrics(store)["frt_business_seconds"] == 7200)
        #expect(try metrics(store)["frt_seconds"] == 66 * 3600)
        let sqlValue = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT business_seconds('2026-10-09 16:00:00', '2026-10-12 10:00:00')")
        }
        #expect(sqlValue == 7200)
    }

    @Test func reingestingReplacesTheTicketExactly() throws {
        let path = try TestPaths.scratchStore()
        let store = try TicketStore(path: path, access: .readWrite)
        let full = Self.customerTicket(
            replies: [Self.opening, Reply(replyID: 1, date: at("2026-10-05 10:00:00"), admin: "Ann")],
            notes: [Note(noteID: 1, date: at("2026-10-05 09:30:00"), message: "n", admin: "Ann")])
        try store.writeSync([.ticket(full, rawBody: Array("{}".utf8), attempts: 1, httpStatus: 200)], source: "default")
        let first = try StoreDigest.of(path: path)
        try store.writeSync([.ticket(full, rawBody: Array("{}".utf8), attempts: 2, httpStatus: 200)], source: "default")
        #expect(try StoreDigest.of(path: path) == first)
        #expect(first.tables["replies"]?.count == 2)

        var shorter = full
        shorter.replies = [Self.opening]
        shorter.notes = []
        try store.writeSync([.ticket(shorter, rawBody: nil, attempts: 1, httpStatus: 200)], source: "default")
        let counts = try store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM replies")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM notes")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets")!
            )
        }
        #expect(counts == (1, 0, 1))
    }

    @Test func sourcesKeepTheirOwnTickets() throws {
        let store = try store()
        let ticket = Self.customerTicket(replies: [Self.opening])
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "eu")
        try store.writeSync([.ticket(ticket, rawBody: nil, attempts: 1, httpStatus: 200)], source: "us")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets")! } == 2)
    }

    @Test func refusesFilesThatAreNotStores() throws {
        let dir = try TestPaths.scratchDirectory()
        let text = dir.appendingPathComponent("notes.txt").path
        try Data("hello, this is not a database at all, definitely not".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.self) { try TicketStore(path: text, access: .readWrite) }
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: text))
                == Data("hello, this is not a database at all, definitely not".utf8))

        let other = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE mine(x)") }
        do {
            _ = try TicketStore(path: other, access: .readWrite)
            Issue.record("opened a foreign database")
        } catch {
            #expect(error.description.contains("not a ticketreport store"))
        }

        let missing = dir.appendingPathComponent("missing.sqlite").path
        #expect(throws: StoreError.self) { try TicketStore(path: missing, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func refusesAStoreFromANewerVersion() throws {
        let path = try TestPaths.scratchStore()
        _ = try TicketStore(path: path, access: .readWrite)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        do {
            _ = try TicketStore(path: path, access: .readWrite)
            Issue.record("opened a newer store")
        } catch {
            #expect(error.kind == .newerSchema)
            #expect(error.description.contains("newer ticketreport"))
        }
    }

    @Test func readOnlyStoresRefuseWrites() throws {
        let path = try TestPaths.scratchStore()
        _ = try TicketStore(path: path, access: .readWrite)
        let reader = try TicketStore(path: path, access: .readOnly)
        #expect(throws: StoreError.self) {
            try reader.write { db in try db.execute(sql: "DELETE FROM tickets") }
        }
    }

    @Test func percentileIsExcelsPercentileInc() throws {
        let store = try store()
        let (p90, median, p0, p100) = try store.write { db in
            try db.execute(sql: "CREATE TEMP TABLE v(x)")
            try db.execute(sql: "INSERT INTO v VALUES (1), (2), (3), (4), (NULL)")
            return (
                try Double.fetchOne(db, sql: "SELECT percentile(x, 0.9) FROM v")!,
                try Double.fetchOne(db, sql: "SELECT median(x) FROM v")!,
                try Double.fetchOne(db, sql: "SELECT percentile(x, 0) FROM v")!,
                try Double.fetchOne(db, sql: "SELECT percentile(x, 1) FROM v")!
            )
        }
        // =PERCENTILE.INC({1,2,3,4}, 0.9) = 3 + 0.7 × (4 − 3)
        #expect(abs(p90 - 3.7) < 1e-12)
        #expect(median == 2.5)
        #expect(p0 == 1)
        #expect(p100 == 4)
    }
}
