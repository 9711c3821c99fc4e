import Foundation
import GRDB
import HelpdeskAPI
import TestSupport
import Testing

@testable import TicketStore

@Suite("Ticket events: what changed between two fetches")
struct TicketEventsTests {
    struct Event: Equatable, CustomStringConvertible {
        var observedAt: String
        var field: String
        var old: String?
        var new: String?
        var replies: Int
        var notes: Int
        var lastReplyAt: String?

        var description: String {
            "\(observedAt) \(field) \(old ?? "NULL")→\(new ?? "NULL") +\(replies)r +\(notes)n @\(lastReplyAt ?? "NULL")"
        }
    }

    static let opening = Reply(replyID: 0, name: "Cy", date: at("2026-11-20 09:00:00"), message: "help me")

    static func ticket(
        status: String = "Open", priority: String = "High", department: Int = 1, flag: Int = 0,
        replies: [Reply] = [], notes: [Note] = []
    ) -> Ticket {
        let all = [opening] + replies
        return Ticket(
            ticketID: 7, ticketNumber: "T7", departmentID: department, departmentName: "Support", name: "Cy",
            email: "cy@example.com", openedAt: at("2026-11-20 09:00:00"), subject: "Help", status: status,
            priority: priority, admin: "", lastReplyAt: all.compactMap(\.date).max(), flag: flag, replies: all,
            notes: notes)
    }

    func events(_ store: TicketStore) throws -> [Event] {
        try store.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT observed_at, field, old_value, new_value, replies_added, notes_added, last_reply_at
                    FROM ticket_events WHERE ticket_id = 7 ORDER BY event_id
                    """
            ).map {
                Event(
                    observedAt: $0[0], field: $0[1], old: $0[2], new: $0[3], replies: $0[4], notes: $0[5],
                    lastReplyAt: $0[6])
            }
        }
    }

    func write(_ store: TicketStore, _ record: FetchRecord) throws {
        try store.writeSync([record], source: "default")
    }

    @Test func everyFetchThatSeesAChangeRecordsItOnTheHelpdesksClock() throws {
        let clock = ManualWallClock()
        // The helpdesk's clock is two hours ahead of UTC (in November, Athens is UTC+2).
        let store = try TicketStore(
            path: try TestPaths.scratchStore(), access: .readWrite,
            helpdeskTimeZone: TimeZone(identifier: "Europe/Athens")!,
            wallClock: clock.read)

        clock.set(at("2026-11-20 08:00:00"))
        try write(store, .ticket(Self.ticket(), rawBody: nil, attempts: 1, httpStatus: 200))
        // Nothing changed: the second fetch adds nothing.
        clock.set(at("2026-11-20 09:00:00"))
        try write(store, .ticket(Self.ticket(), rawBody: nil, attempts: 1, httpStatus: 200))
        // An admin answered and the status followed, with a note on the side.
        clock.set(at("2026-11-20 10:00:00"))
        let answered = Self.ticket(
            status: "Answered", replies: [Reply(replyID: 1, date: at("2026-11-20 11:30:00"), admin: "Ann")],
            notes: [Note(noteID: 1, date: at("2026-11-20 11:20:00"), message: "checked", admin: "Ann")])
        try write(store, .ticket(answered, rawBody: nil, attempts: 1, httpStatus: 200))
        // Moved, re-prioritised, flagged and closed at once: one row per field, counts on the first.
        clock.set(at("2026-11-21 07:00:00"))
        var closed = answered
        closed.status = "Closed"
        closed.priority = "Low"
        closed.departmentID = 2
        closed.flag = 3
        try write(store, .ticket(closed, rawBody: nil, attempts: 1, httpStatus: 200))
        // A customer wrote again: only activity.
        clock.set(at("2026-11-21 08:00:00"))
        var nudged = closed
        nudged.replies.append(Reply(replyID: 2, date: at("2026-11-21 09:40:00"), message: "thanks"))
        nudged.lastReplyAt = at("2026-11-21 09:40:00")
        try write(store, .ticket(nudged, rawBody: nil, attempts: 1, httpStatus: 200))

        #expect(
            try events(store) == [
                Event(
                    observedAt: "2026-11-20 10:00:00", field: "created", old: nil, new: "Open", replies: 0, notes: 0,
                    lastReplyAt: "2026-11-20 09:00:00"),
                Event(
                    observedAt: "2026-11-20 12:00:00", field: "status", old: "Open", new: "Answered", replies: 1,
                    notes: 1, lastReplyAt: "2026-11-20 11:30:00"),
                Event(
                    observedAt: "2026-11-21 09:00:00", field: "status", old: "Answered", new: "Closed", replies: 0,
                    notes: 0, lastReplyAt: "2026-11-20 11:30:00"),
                Event(
                    observedAt: "2026-11-21 09:00:00", field: "priority", old: "High", new: "Low", replies: 0,
                    notes: 0, lastReplyAt: "2026-11-20 11:30:00"),
                Event(
                    observedAt: "2026-11-21 09:00:00", field: "dept_id", old: "1", new: "2", replies: 0, notes: 0,
                    lastReplyAt: "2026-11-20 11:30:00"),
                Event(
                    observedAt: "2026-11-21 09:00:00", field: "flag", old: "0", new: "3", replies: 0, notes: 0,
                    lastReplyAt: "2026-11-20 11:30:00"),
                Event(
                    observedAt: "2026-11-21 10:00:00", field: "activity", old: nil, new: nil, replies: 1, notes: 0,
                    lastReplyAt: "2026-11-21 09:40:00"),
            ])
        // The tool's own columns stay UTC.
        let fetchedAt = try store.read { db in try String.fetchOne(db, sql: "SELECT fetched_at FROM tickets")! }
        #expect(fetchedAt == "2026-11-21 08:00:00")
    }

    @Test func aTicketThatDisappearsIsDeletedOnceAndNotRefreshedAgain() throws {
        let clock = ManualWallClock()
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite, wallClock: clock.read)
        clock.set(at("2026-11-20 08:00:00"))
        try write(store, .ticket(Self.ticket(), rawBody: nil, attempts: 1, httpStatus: 200))
        #expect(try store.openTicketIDs(source: "default", closedStatuses: ["Closed"]) == [7])
        clock.set(at("2026-11-21 08:00:00"))
        try write(store, .notFound(ticketID: 7, attempts: 1))
        clock.set(at("2026-11-22 08:00:00"))
        try write(store, .notFound(ticketID: 7, attempts: 1))
        // An id that never existed leaves no trace in the history.
        try write(store, .notFound(ticketID: 8, attempts: 1))

        #expect(
            try events(store).map(\.description) == [
                "2026-11-20 08:00:00 created NULL→Open +0r +0n @2026-11-20 09:00:00",
                "2026-11-21 08:00:00 deleted Open→NULL +0r +0n @2026-11-20 09:00:00",
            ])
        #expect(try store.openTicketIDs(source: "default", closedStatuses: ["Closed"]).isEmpty)
        let tickets = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets")! }
        #expect(tickets == 1, "the deleted ticket's rows stay: its history happened")
    }

    @Test func rebuildKeepsTheHistoryAsItIs() throws {
        let clock = ManualWallClock()
        let path = try TestPaths.scratchStore()
        let store = try TicketStore(path: path, access: .readWrite, wallClock: clock.read)
        clock.set(at("2026-11-20 08:00:00"))
        let body = Array(try TestPaths.fixture("get-ticket-example.json"))
        guard
            case .ticket(let ticket, let raw) = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: body)
        else {
            Issue.record("the fixture is a ticket")
            return
        }
        try store.writeSync([.ticket(ticket, rawBody: raw, attempts: 1, httpStatus: 200)], source: "default")
        let before = try StoreDigest.of(path: path)
        let eventsBefore = try store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM ticket_events") }
        _ = try store.rebuild(.everything)
        #expect(try store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM ticket_events") } == eventsBefore)
        #expect(try StoreDigest.of(path: path) == before)
    }
}
