import Foundation
import HelpdeskAPI
import Reporting
import Testing
import TicketStore

/// What real helpdesks do to the figures: departments renamed or sharing a name, admin
/// replies nobody rated, replies without a usable date, closed tickets without `lastreply`.
/// Each figure is worked out by hand in the comments.
@Suite struct RealWorldFiguresTests {
    let october = ReportArguments(month: ReportMonth(year: 2026, month: 10))
    let november = ReportArguments(month: ReportMonth(year: 2026, month: 11))

    func ticket(
        _ id: Int, department: Int, _ name: String, status: String = "Closed", opened: String, lastReply: String? = nil,
        replies: [Reply]
    ) -> Ticket {
        Ticket(
            ticketID: id, ticketNumber: "T-\(id)", departmentID: department, departmentName: name,
            openedAt: Dataset.at(opened), subject: "Subject \(id)", status: status, priority: "Medium",
            lastReplyAt: lastReply.map(Dataset.at), replies: replies)
    }

    func run(_ name: String, _ store: TemporaryStore, _ arguments: ReportArguments) throws -> ResultTable {
        try store.runner().run(try ReportCatalog.builtIn.definition(named: name), arguments: arguments)
    }

    /// Department 7 was "Hosting" in October and is "Web Hosting" since: one row in each
    /// month, under the newest name. Departments 8 and 9 are both called "Sales": two rows.
    @Test func departmentsAreGroupedByIdAndShownUnderTheirNewestName() throws {
        let store = try TemporaryStore()
        // Fetched first: October's tickets, under the old name.
        try store.write([
            ticket(
                1, department: 7, "Hosting", opened: "2026-10-05 09:00:00",
                replies: [Dataset.opening("2026-10-05 09:00:00"), Dataset.admin(2, "Ann", "2026-10-05 10:00:00")]),
            ticket(
                2, department: 8, "Sales", opened: "2026-10-06 09:00:00",
                replies: [Dataset.opening("2026-10-06 09:00:00"), Dataset.admin(3, "Ann", "2026-10-06 11:00:00")]),
            ticket(
                3, department: 9, "Sales", opened: "2026-10-07 09:00:00",
                replies: [Dataset.opening("2026-10-07 09:00:00"), Dataset.admin(4, "Bob", "2026-10-07 12:00:00")]),
        ])
        // Fetched later: November's ticket, after the rename.
        try store.write([
            ticket(
                4, department: 7, "Web Hosting", opened: "2026-11-02 09:00:00",
                replies: [Dataset.opening("2026-11-02 09:00:00"), Dataset.admin(5, "Ann", "2026-11-02 13:00:00")])
        ])
        let octoberTimes = try run("response-times", store, october)
        // department, tickets, …, FRT median (h): 1 h, 2 h and 3 h, each department its own row.
        #expect(
            octoberTimes.rows.map { [$0[0], $0[1], $0[6]] } == [
                [.text("Sales"), .integer(1), .real(2)], [.text("Sales"), .integer(1), .real(3)],
                [.text("Web Hosting"), .integer(1), .real(1)], [.text("All departments"), .integer(3), .real(2)],
            ])
        let novemberLoad = try run("department-load", store, november)
        #expect(novemberLoad.rows.map { $0[0] } == [.text("Web Hosting"), .text("All departments")])
        let waits = try run("next-reply", store, october)
        #expect(
            waits.rows.map { $0[0] } == [
                .text("Sales"), .text("Sales"), .text("Web Hosting"), .text("All departments"),
            ])
    }

    /// A department or admin that answered in the month but got no rating is listed with 0
    /// rated and no mean or CSAT, so a reader can tell "not rated" from "not active".
    @Test func ratingListsShowEveryoneWhoAnswered() throws {
        let store = try TemporaryStore()
        try store.write([
            ticket(
                1, department: 1, "Support", opened: "2026-10-05 09:00:00",
                replies: [
                    Dataset.opening("2026-10-05 09:00:00"), Dataset.admin(2, "Ann", "2026-10-05 10:00:00", rating: 5),
                ]),
            ticket(
                2, department: 2, "Billing", opened: "2026-10-05 09:00:00",
                replies: [Dataset.opening("2026-10-05 09:00:00"), Dataset.admin(3, "Bob", "2026-10-05 10:00:00")]),
        ])
        expectRows(
            try run("ratings", store, october),
            [
                ["Billing", 0, 0, 0, 0, 0, 0, nil, nil],
                ["Support", 1, 0, 0, 0, 0, 1, 5.0, 1.0],
                ["All departments", 1, 0, 0, 0, 0, 1, 5.0, 1.0],
            ])
        expectRows(
            try run("admin-ratings", store, october),
            [
                ["Ann", 1, 0, 0, 0, 0, 1, 5.0, 1.0],
                ["Bob", 0, 0, 0, 0, 0, 0, nil, nil],
                ["All admins", 1, 0, 0, 0, 0, 1, 5.0, 1.0],
            ])
    }

    /// An admin reply dated 0000-00-00 answers the ticket (it is not in the unanswered list)
    /// at an unknown time: no FRT, and neither met nor breached in the SLA.
    @Test func anUndatedAdminReplyAnswersAtAnUnknownTime() throws {
        let store = try TemporaryStore()
        try store.write([
            ticket(
                1, department: 1, "Support", status: "Answered", opened: "2026-10-05 09:00:00",
                replies: [
                    Dataset.opening("2026-10-05 09:00:00"),
                    Reply(replyID: 2, date: nil, message: "done", admin: "Ann"),
                ]),
            ticket(
                2, department: 1, "Support", status: "Open", opened: "2026-10-06 09:00:00",
                replies: [Dataset.opening("2026-10-06 09:00:00")]),
        ])
        let times = try run("response-times", store, october)
        // tickets 2, admin-opened 0, answered 1 (the undated one), unanswered 1, no FRT figures.
        expectRows(
            ResultTable(name: "", title: "", columns: times.columns, rows: [times.rows[0]]),
            [["Support", 2, 0, 1, 1, nil, nil, nil, nil, nil]])
        let unanswered = try run("unanswered", store, ReportArguments(month: ReportMonth(year: 2026, month: 10)))
        #expect(unanswered.rows.map { $0[0] } == [.integer(2)])
        let sla = try run("sla", store, october)
        // as_of is the newest timestamp, Tue 09:00, when ticket 2 had just been opened: pending.
        // Ticket 1 is "answered, time unknown": no share at all, rather than a made-up one.
        let total = try #require(sla.rows.last)
        expectRows(
            ResultTable(name: "", title: "", columns: sla.columns, rows: [total]),
            [["All departments", "All priorities", nil, nil, 2, 0, 0, 0, 1, 1, nil]])
    }

    /// Every closed ticket counts as closed; the times need its `lastreply`.
    @Test func resolutionCountsClosedTicketsWithoutLastReply() throws {
        let store = try TemporaryStore()
        try store.write([
            ticket(
                1, department: 1, "Support", opened: "2026-10-05 09:00:00", lastReply: "2026-10-05 13:00:00",
                replies: [Dataset.opening("2026-10-05 09:00:00")]),
            ticket(2, department: 1, "Support", opened: "2026-10-06 09:00:00", replies: []),
        ])
        // closed 2; mean, median and p90 over ticket 1's 4 hours alone.
        expectRows(
            try run("resolution", store, october),
            [["Support", 2, 4.0, 4.0, 4.0], ["All departments", 2, 4.0, 4.0, 4.0]])
    }

    /// check names statuses the configuration does not know, shared and changed department
    /// names, each with its tickets and example ids.
    @Test func checkNamesStatusesAndDepartmentsTheFiguresDependOn() throws {
        let store = try TemporaryStore()
        try store.write([
            ticket(1, department: 7, "Hosting", status: "Resolved", opened: "2026-10-05 09:00:00", replies: []),
            ticket(2, department: 8, "Sales", status: "Open", opened: "2026-10-06 09:00:00", replies: []),
            ticket(3, department: 9, "Sales", status: "Waiting on Vendor", opened: "2026-10-07 09:00:00", replies: []),
        ])
        try store.write([
            ticket(4, department: 7, "Web Hosting", status: "Resolved", opened: "2026-11-02 09:00:00", replies: [])
        ])
        let findings = try DataCheck.findings(store: store.reader(), config: Dataset.config())
        #expect(
            findings.map(\.finding) == [
                "Statuses neither closed nor open in the configuration: \"Resolved\" (2), \"Waiting on Vendor\" (1)",
                "Department names used by several department ids: \"Sales\" (ids 8, 9)",
                "Departments seen under several names: id 7 as \"Hosting\", \"Web Hosting\"",
            ])
        #expect(findings.map(\.tickets) == [3, 2, 2])
        #expect(findings.map(\.examples) == [[1, 3, 4], [2, 3], [1, 4]])
        #expect(findings[2].advice.hasSuffix("(\"Web Hosting\")."))
        // The month's view: only October's tickets, with the same store-wide name checks.
        let october = try DataCheck.findings(
            store: store.reader(), config: Dataset.config(), month: ReportMonth(year: 2026, month: 10))
        #expect(october.map(\.tickets) == [2, 2, 1])
    }

    /// The pack of a quarter, a year or one source has its data notes too: check covers the
    /// tickets opened in any period, of one source or all.
    @Test func checkCoversAPeriodOfAnyLengthAndOneSource() throws {
        let store = try TemporaryStore()
        try store.write([
            ticket(1, department: 7, "Hosting", status: "Resolved", opened: "2026-10-05 09:00:00", replies: []),
            ticket(2, department: 8, "Sales", status: "Open", opened: "2026-10-06 09:00:00", replies: []),
            ticket(3, department: 9, "Sales", status: "Waiting on Vendor", opened: "2026-10-07 09:00:00", replies: []),
            ticket(4, department: 7, "Web Hosting", status: "Resolved", opened: "2026-11-02 09:00:00", replies: []),
        ])
        // A second helpdesk in the same store, with the same ticket id and department id.
        let writer = try TicketStore(path: store.path, access: .readWrite, calendar: try Dataset.config().calendar)
        try writer.writeSync(
            [
                .ticket(
                    ticket(
                        1, department: 7, "Hosting", status: "Escalated", opened: "2026-12-01 09:00:00", replies: []),
                    rawBody: nil, attempts: 1, httpStatus: 200)
            ], source: "other")
        let q4 = ReportPeriod.quarter(try ReportQuarter(parsing: "2026-Q4"))
        let config = try Dataset.config()

        // Q4 of the first source: October and November, nothing of the other helpdesk.
        let mine = try DataCheck.findings(store: store.reader(), config: config, period: q4, source: "default")
        #expect(mine.map(\.tickets) == [3, 2, 2])
        #expect(
            mine.first?.finding
                == "Statuses neither closed nor open in the configuration: \"Resolved\" (2), \"Waiting on Vendor\" (1)")
        // The other helpdesk alone: its own status; one id under one name is no finding.
        let other = try DataCheck.findings(store: store.reader(), config: config, period: q4, source: "other")
        #expect(other.map(\.finding) == ["Statuses neither closed nor open in the configuration: \"Escalated\" (1)"])
        #expect(other.map(\.examples) == [[1]])
        // Both helpdesks: the quarter holds December's ticket too.
        let both = try DataCheck.findings(store: store.reader(), config: config, period: q4)
        #expect(
            both.first?.finding
                == "Statuses neither closed nor open in the configuration: \"Resolved\" (2), \"Escalated\" (1), \"Waiting on Vendor\" (1)"
        )
        #expect(both.first?.tickets == 4)
    }
}
