import Foundation
import GRDB
import HelpdeskAPI
import TestSupport
import Testing
import TicketStore

/// Every body of the WHMCS conformance corpus (`Tests/Fixtures/whmcs/tickets`, described in
/// its README) decoded and stored, then checked two ways: against the reviewed rows in
/// `<name>.rows.txt` (every stored column), and against the figures worked out by hand below.
///
/// `UPDATE_CORPUS_ROWS=1 swift test --filter ConformanceCorpus` rewrites the `.rows.txt`
/// files after a deliberate change; review the diff before committing it.
@Suite("WHMCS conformance corpus")
struct ConformanceCorpusTests {
    static let folder = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/whmcs/tickets")

    /// What a fixture must come to, worked out by hand from its JSON.
    struct Facts: Sendable, CustomTestStringConvertible {
        var file: String
        var ticketID: Int
        /// `reply_id` of each stored reply, in stored (date) order.
        var replyIDs: [Int]
        /// Stored position of the opening message, if there is one.
        var opening: Int?
        var answered: Bool
        var frt: Int?
        var frtBusiness: Int?
        var waits: [Int]
        var rated: Int
        var ratingSum: Int
        var replyIDsAssigned = false
        /// Attachment names by stored reply position.
        var attachments: [Int: String] = [:]
        var undated = 0
        var skewed = 0
        var testDescription: String { file }
    }

    static let facts: [Facts] = [
        // The bearer API page's example: Friday 06:26:29, Demo Admin 06:27:01 (32 s, before
        // business hours so 0 business seconds), the customer's 06:30:16 is still waiting.
        Facts(
            file: "seed-bearer-api.json", ticketID: 1, replyIDs: [0, 1, 2], opening: 0, answered: true, frt: 32,
            frtBusiness: 0, waits: [32], rated: 0, ratingSum: 0),
        // Docs 2016, no replyid: an admin-opened ticket ("admin admin"); the first entry is dated
        // the ticket's date and written by its admin, so it is the opening message.
        Facts(
            file: "whmcs-docs-2016-no-replyid.json", ticketID: 1, replyIDs: [0, 1, 2], opening: 0, answered: true,
            frt: nil, frtBusiness: nil, waits: [], rated: 0, ratingSum: 0, replyIDsAssigned: true),
        Facts(
            file: "whmcs-docs-2019-replyid.json", ticketID: 1, replyIDs: [0, 1, 2], opening: 0, answered: true,
            frt: 32, frtBusiness: 0, waits: [32], rated: 0, ratingSum: 0),
        Facts(
            file: "whmcs-docs-2020-03-attachments-removed.json", ticketID: 1, replyIDs: [0, 1, 2], opening: 0,
            answered: true, frt: 32, frtBusiness: 0, waits: [32], rated: 0, ratingSum: 0,
            attachments: [0: "attachment_name.png"]),
        // `[[]]` is the docs' way of writing "no attachments".
        Facts(
            file: "whmcs-docs-2020-04-attachments-list.json", ticketID: 1, replyIDs: [0, 1, 2], opening: 0,
            answered: true, frt: 32, frtBusiness: 0, waits: [32], rated: 0, ratingSum: 0,
            attachments: [0: "attachment_name.png"]),
        Facts(
            file: "whmcs-docs-2020-08-requestor.json", ticketID: 1, replyIDs: [0, 1, 2], opening: 0, answered: true,
            frt: 32, frtBusiness: 0, waits: [32], rated: 0, ratingSum: 0, attachments: [0: "attachment_name.png"]),
        // WHMCS 5.2: Monday 09:14:02 → Sarah Lee 10:02:45 = 2,923 s, all inside 09–17.
        Facts(
            file: "whmcs-5.2-no-replyid-no-contactid.json", ticketID: 204, replyIDs: [0, 1, 2], opening: 0,
            answered: true, frt: 2_923, frtBusiness: 2_923, waits: [2_923], rated: 1, ratingSum: 4,
            replyIDsAssigned: true, attachments: [0: "statement.pdf"]),
        // Sent newest first, opening last: Monday 16:30 → Tuesday 09:20 = 60,600 s; business
        // 16:30–17:00 + 09:00–09:20 = 3,000 s; then the customer's 10:00 → 10:45 = 2,700 s.
        Facts(
            file: "legacy-desc-no-replyid.json", ticketID: 205, replyIDs: [0, 1, 2, 3], opening: 0, answered: true,
            frt: 60_600, frtBusiness: 3_000, waits: [60_600, 2_700], rated: 1, ratingSum: 5, replyIDsAssigned: true,
            attachments: [2: "bounce.eml|headers.txt"]),
        // WHMCS 8.7 wire shape: Monday 09:15:00 → 11:45:30 = 9,030 s; Tuesday 08:00 → 14:10 = 22,200 s.
        Facts(
            file: "whmcs-8.7-wire-numbers-escapes.json", ticketID: 3_120, replyIDs: [0, 88, 91, 95], opening: 0,
            answered: true, frt: 9_030, frtBusiness: 9_030, waits: [9_030, 22_200], rated: 2, ratingSum: 9,
            attachments: [0: "error.png|php-log.txt", 3: "fix.patch"]),
        Facts(
            file: "whmcs-8.7-guest-undefined.json", ticketID: 3_188, replyIDs: [0], opening: 0, answered: false,
            frt: nil, frtBusiness: nil, waits: [], rated: 0, ratingSum: 0),
        Facts(
            file: "whmcs-8.7-merged-child.json", ticketID: 3_190, replyIDs: [0], opening: 0, answered: false, frt: nil,
            frtBusiness: nil, waits: [], rated: 0, ratingSum: 0),
        // Sent DESC with ids: Wednesday 08:30 → Sarah 10:30 = 7,200 s, 5,400 s from 09:00.
        Facts(
            file: "whmcs-8.7-desc-order.json", ticketID: 3_201, replyIDs: [0, 501, 502], opening: 0, answered: true,
            frt: 7_200, frtBusiness: 5_400, waits: [7_200], rated: 1, ratingSum: 5),
        Facts(
            file: "quirk-nulls-and-empty-replies.json", ticketID: 4_001, replyIDs: [], opening: nil, answered: false,
            frt: nil, frtBusiness: nil, waits: [], rated: 0, ratingSum: 0),
        // Opened 10:00:00, admin 09:59:40 (sorts first), customer 11:00, admin 12:00: the first
        // wait is the FRT, clamped to 0; the second is 3,600 s.
        Facts(
            file: "quirk-clock-skew.json", ticketID: 4_002, replyIDs: [310, 0, 311, 312], opening: 1, answered: true,
            frt: 0, frtBusiness: 0, waits: [0, 3_600], rated: 1, ratingSum: 3, skewed: 1),
        // The only admin reply is dated 0000-00-00: answered, time unknown.
        Facts(
            file: "quirk-undated-admin-reply.json", ticketID: 4_003, replyIDs: [0, 401], opening: 0, answered: true,
            frt: nil, frtBusiness: nil, waits: [], rated: 0, ratingSum: 0, undated: 1),
    ]

    @Test func everyFixtureHasFactsAndReviewedRows() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        let bodies = Set(files.filter { $0.hasSuffix(".json") })
        #expect(bodies == Set(Self.facts.map(\.file)), "a fixture without facts, or facts without a fixture")
        let rows = Set(files.filter { $0.hasSuffix(".rows.txt") }.map { String($0.dropLast(".rows.txt".count)) })
        #expect(rows == Set(bodies.map { String($0.dropLast(".json".count)) }))
    }

    @Test(arguments: facts)
    func decodesToTheReviewedRowsAndFigures(_ facts: Facts) throws {
        let body = Array(try Data(contentsOf: Self.folder.appendingPathComponent(facts.file)))
        guard
            case .ticket(let ticket, let raw) = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: body)
        else {
            Issue.record("\(facts.file) is not decoded as a ticket")
            return
        }
        #expect(ticket.ticketID == facts.ticketID)
        #expect(!String(decoding: raw, as: UTF8.self).contains("\"c\""), "the access key is dropped from the raw body")

        let path = try TestPaths.scratchStore("corpus")
        let store = try TicketStore(path: path, access: .readWrite)
        try store.writeSync([.ticket(ticket, rawBody: raw, attempts: 1, httpStatus: 200)], source: "default")

        let stored = try store.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT reply_id, is_opening, attachment_names FROM replies WHERE ticket_id = ? ORDER BY position",
                arguments: [facts.ticketID])
        }
        #expect(stored.map { $0["reply_id"] as Int } == facts.replyIDs)
        #expect(stored.firstIndex { ($0["is_opening"] as Int) == 1 } == facts.opening)
        var attachments: [Int: String] = [:]
        for (position, row) in stored.enumerated() {
            if let names = row["attachment_names"] as String? { attachments[position] = names }
        }
        #expect(attachments == facts.attachments)

        let metrics = try #require(
            try store.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM ticket_metrics WHERE ticket_id = ?", arguments: [facts.ticketID])
            })
        #expect((metrics["answered"] as Int) == (facts.answered ? 1 : 0))
        #expect(metrics["frt_seconds"] as Int? == facts.frt)
        #expect(metrics["frt_business_seconds"] as Int? == facts.frtBusiness)
        #expect((metrics["rated_replies"] as Int) == facts.rated)
        #expect((metrics["rating_sum"] as Int) == facts.ratingSum)
        #expect((metrics["reply_ids_assigned"] as Int) == (facts.replyIDsAssigned ? 1 : 0))
        #expect((metrics["undated_replies"] as Int) == facts.undated)
        #expect((metrics["skewed_replies"] as Int) == facts.skewed)
        let waits = try store.read { db in
            try Int.fetchAll(
                db, sql: "SELECT wait_seconds FROM reply_waits WHERE ticket_id = ? ORDER BY wait_index",
                arguments: [facts.ticketID])
        }
        #expect(waits == facts.waits)
        // The first wait of a customer's ticket is its first response, clock skew included.
        if let first = waits.first, let frt = facts.frt { #expect(first == frt) }

        let dump = try StoreRows.dump(path: path, ticketID: facts.ticketID)
        let expectedURL = Self.folder.appendingPathComponent(
            String(facts.file.dropLast(".json".count)) + ".rows.txt")
        if ProcessInfo.processInfo.environment["UPDATE_CORPUS_ROWS"] == "1" {
            try Data(dump.utf8).write(to: expectedURL)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(dump == expected, "\(facts.file): stored rows differ from \(expectedURL.lastPathComponent)")
    }

    /// WHMCS 8 sends who wrote in apart from who owns the ticket; both are kept.
    @Test func whmcs8RequestorAndOwnerAreStored() throws {
        let body = Array(
            try Data(contentsOf: Self.folder.appendingPathComponent("whmcs-8.7-wire-numbers-escapes.json")))
        guard case .ticket(let ticket, _) = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: body)
        else {
            Issue.record("not a ticket")
            return
        }
        #expect(ticket.name == "Anna Schmidt (Northwind Ltd)")
        #expect(ticket.ownerName == "Anna Schmidt (Northwind Ltd)")
        #expect(ticket.email == "ben.oneil@northwind.example")
        #expect(
            ticket.requestor
                == Requestor(name: "Ben O'Neil", email: "ben.oneil@northwind.example", type: "Authorized User"))
        #expect(ticket.subject == #"Site shows "500 error" <b>after</b> update & can't log in"#)
        #expect(ticket.replies[0].message.contains("café page shows a 500 😀 and /wp-admin"))
        #expect(ticket.replies[1].requestor?.type == "Operator")
        #expect(ticket.replies[3].attachments == Attachments(names: ["fix.patch"], removed: true))
        #expect(ticket.notes[0].message == "Checked the <php> error log")
    }
}
