import Config
import Foundation
import HelpdeskAPI
import Reporting
import TicketStore

/// The hand-built dataset every figure test uses: twelve tickets covering the traps of
/// DESIGN §5. October 2026 is the month under test (1 October is a Thursday; Monday
/// 12 October is a holiday in the test configuration, not in the calendar the store was
/// written with, so live business-hours figures differ from stored ones).
///
/// | id  | dept    | prio   | status         | opened (local)      | first admin reply          | notes |
/// |-----|---------|--------|----------------|---------------------|----------------------------|-------|
/// | 101 | Support | High   | Closed         | Mon 10-05 10:00     | Alice 10-05 16:00 (6 h)    |       |
/// | 102 | Support | Medium | Closed         | Fri 10-09 16:00     | Alice Tue 10-13 10:00      | Alice before the reply |
/// | 103 | Support | High   | Open           | Wed 10-28 09:00     | none (a note only)         | Bob   |
/// | 104 | Sales   | Low    | Closed         | Thu 10-15 12:00     | Carol 11:58 (skew → 0)     |       |
/// | 105 | Sales   | High   | Closed         | Fri 10-02 09:30     | admin-opened by Dave       |       |
/// | 106 | Sales   | Medium | Answered       | Thu 10-22 08:00     | Erin 09:30 (rating missing)|       |
/// | 107 | Billing | High   | Closed         | Sat 10-24 10:00     | Alice Mon 10-26 10:00      |       |
/// | 108 | Billing | Low    | Customer-Reply | Tue 10-06 09:00     | Carol Fri 10-09 10:00 ("0")| (JSON, DESC) |
/// | 109 | Support | Low    | Closed         | Mon 10-19 09:00     | Bob same minute            |       |
/// | 110 | Support | Medium | In Progress    | Sat 10-31 10:00     | none (pending SLA)         |       |
/// | 111 | Billing | Medium | Closed         | Wed 09-30 15:00     | Erin Thu 10-01 10:00       | Erin 09-30 |
/// | 112 | Support | High   | Open           | Mon 11-02 10:00     | none (newest timestamp)    |       |
enum Dataset {
    static func at(_ text: String) -> LocalDateTime {
        guard let value = LocalDateTime(parsing: text) else { fatalError("bad test timestamp \(text)") }
        return value
    }

    static func opening(_ date: String, name: String = "Customer") -> Reply {
        Reply(replyID: 0, name: name, date: at(date), message: "opening message")
    }

    static func customer(_ id: Int, _ date: String) -> Reply {
        Reply(replyID: id, name: "Customer", date: at(date), message: "customer reply")
    }

    static func admin(_ id: Int, _ admin: String, _ date: String, rating: Int? = nil) -> Reply {
        Reply(replyID: id, date: at(date), message: "admin reply", admin: admin, rating: rating)
    }

    static func ticket(
        _ id: Int, _ department: String, _ priority: String, _ status: String, opened: String, lastReply: String,
        admin: String = "", replies: [Reply], notes: [Note] = []
    ) -> Ticket {
        let departmentIDs = ["Support": 1, "Sales": 2, "Billing": 3]
        return Ticket(
            ticketID: id, ticketNumber: "T-\(id)", departmentID: departmentIDs[department] ?? 9,
            departmentName: department, userID: 7, name: "Requester \(id)", email: "r\(id)@example.com",
            openedAt: at(opened), subject: "Subject \(id)", status: status, priority: priority, admin: admin,
            lastReplyAt: at(lastReply), replies: replies, notes: notes)
    }

    /// Ticket 108 goes through the real decoder: replies newest first (DESC, so the opening
    /// message is last), a rating of "0", `notes: []`, numbers as strings.
    static let ticket108JSON = """
        {"result":"success","ticketid":"108","tid":"T-108","c":"secret","deptid":"3","deptname":"Billing",
         "userid":"7","contactid":"0","name":"Requester 108","email":"r108@example.com","cc":"",
         "date":"2026-10-06 09:00:00","subject":"Subject 108","status":"Customer-Reply","priority":"Low",
         "admin":"","lastreply":"2026-10-09 11:00:00","flag":"0","service":"",
         "replies":{"reply":[
           {"replyid":"14","userid":"7","contactid":"0","name":"Customer","email":"","date":"2026-10-09 11:00:00",
            "message":"customer reply","attachment":"","admin":"","rating":"0"},
           {"replyid":"13","userid":"0","contactid":"0","name":"","email":"","date":"2026-10-09 10:00:00",
            "message":"admin reply","attachment":"","admin":"Carol","rating":"0"},
           {"replyid":"0","userid":"7","contactid":"0","name":"Customer","email":"","date":"2026-10-06 09:00:00",
            "message":"opening message","attachment":"","admin":""}
         ]},
         "notes":[]}
        """

    static func tickets() throws -> [Ticket] {
        guard
            case .ticket(let t108, _) = try GetTicketResponse.classify(
                status: 200, retryAfter: nil, body: Array(ticket108JSON.utf8))
        else { fatalError("ticket 108 did not decode") }
        return [
            // Replies newest first, as with repliessort=DESC: the opening message is last.
            ticket(
                101, "Support", "High", "Closed", opened: "2026-10-05 10:00:00", lastReply: "2026-10-06 09:30:00",
                replies: [
                    admin(3, "Bob", "2026-10-06 09:30:00", rating: 5),
                    customer(2, "2026-10-05 16:30:00"),
                    admin(1, "Alice", "2026-10-05 16:00:00"),
                    opening("2026-10-05 10:00:00"),
                ]),
            ticket(
                102, "Support", "Medium", "Closed", opened: "2026-10-09 16:00:00", lastReply: "2026-10-13 10:00:00",
                replies: [admin(4, "Alice", "2026-10-13 10:00:00", rating: 4), opening("2026-10-09 16:00:00")],
                notes: [Note(noteID: 1, date: at("2026-10-09 16:30:00"), message: "note", admin: "Alice")]),
            ticket(
                103, "Support", "High", "Open", opened: "2026-10-28 09:00:00", lastReply: "2026-10-28 09:00:00",
                replies: [opening("2026-10-28 09:00:00")],
                notes: [Note(noteID: 2, date: at("2026-10-28 09:30:00"), message: "note", admin: "Bob")]),
            // Clock skew: the admin's reply is stamped before the ticket's date.
            ticket(
                104, "Sales", "Low", "Closed", opened: "2026-10-15 12:00:00", lastReply: "2026-10-15 11:58:00",
                replies: [opening("2026-10-15 12:00:00"), admin(5, "Carol", "2026-10-15 11:58:00", rating: 3)]),
            ticket(
                105, "Sales", "High", "Closed", opened: "2026-10-02 09:30:00", lastReply: "2026-10-02 10:30:00",
                admin: "Dave",
                replies: [
                    admin(7, "Dave", "2026-10-02 10:30:00", rating: 5),
                    customer(6, "2026-10-02 10:00:00"),
                    opening("2026-10-02 09:30:00", name: ""),
                ]),
            ticket(
                106, "Sales", "Medium", "Answered", opened: "2026-10-22 08:00:00", lastReply: "2026-10-22 09:30:00",
                replies: [admin(8, "Erin", "2026-10-22 09:30:00"), opening("2026-10-22 08:00:00")]),
            ticket(
                107, "Billing", "High", "Closed", opened: "2026-10-24 10:00:00", lastReply: "2026-10-26 13:00:00",
                replies: [
                    admin(12, "Bob", "2026-10-26 13:00:00", rating: 2),
                    customer(11, "2026-10-26 11:30:00"),
                    customer(10, "2026-10-26 11:00:00"),
                    admin(9, "Alice", "2026-10-26 10:00:00", rating: 1),
                    opening("2026-10-24 10:00:00"),
                ]),
            t108,
            ticket(
                109, "Support", "Low", "Closed", opened: "2026-10-19 09:00:00", lastReply: "2026-10-19 09:00:00",
                replies: [admin(15, "Bob", "2026-10-19 09:00:00", rating: 4), opening("2026-10-19 09:00:00")]),
            ticket(
                110, "Support", "Medium", "In Progress", opened: "2026-10-31 10:00:00",
                lastReply: "2026-10-31 10:00:00", replies: [opening("2026-10-31 10:00:00")]),
            ticket(
                111, "Billing", "Medium", "Closed", opened: "2026-09-30 15:00:00", lastReply: "2026-10-01 10:00:00",
                replies: [admin(16, "Erin", "2026-10-01 10:00:00", rating: 5), opening("2026-09-30 15:00:00")],
                notes: [Note(noteID: 3, date: at("2026-09-30 16:00:00"), message: "note", admin: "Erin")]),
            ticket(
                112, "Support", "High", "Open", opened: "2026-11-02 10:00:00", lastReply: "2026-11-02 10:00:00",
                replies: [opening("2026-11-02 10:00:00")]),
        ]
    }

    /// Mon–Fri 09:00–17:00, Monday 2026-10-12 a holiday; High 4 business hours, Medium 8
    /// business hours, Low 48 calendar hours.
    static let configYAML = """
        business_hours: { mon: "09:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00", thu: "09:00-17:00",
                          fri: "09:00-17:00", sat: closed, sun: closed }
        holidays: [2026-10-12]
        closed_statuses: [Closed]
        sla:
          first_response:
            High: { hours: 4, business: true }
            Medium: { hours: 8, business: true }
            Low: { hours: 48, business: false }
            default: { hours: 8, business: true }
        """

    static func config() throws -> TicketReportConfig {
        try TicketReportConfig.parse(yaml: configYAML, file: "test.yaml")
    }
}

/// A store in its own temporary folder, removed when the value goes away.
final class TemporaryStore {
    let folder: URL
    let path: String

    init(name: String = "tickets.sqlite") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reporting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Creates the store and writes `tickets` with the configuration's calendar, as ingest does.
    @discardableResult
    func write(_ tickets: [Ticket]) throws -> TemporaryStore {
        let writer = try TicketStore(path: path, access: .readWrite, calendar: try Dataset.config().calendar)
        try writer.writeSync(
            tickets.map { .ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }, source: "default")
        return self
    }

    /// The full dataset.
    static func dataset() throws -> TemporaryStore {
        try TemporaryStore().write(try Dataset.tickets())
    }

    /// Opens the store the way reports do: read-only with the configuration's functions.
    func reader(_ config: TicketReportConfig? = nil) throws -> TicketStore {
        try (config ?? Dataset.config()).openStore(path: path)
    }

    func runner(_ config: TicketReportConfig? = nil) throws -> ReportRunner {
        ReportRunner(store: try reader(config))
    }
}
