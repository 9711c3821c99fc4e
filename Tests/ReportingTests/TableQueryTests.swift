import Foundation
import Reporting
import Testing

/// `TableQuery`: the columns, the filters as bound SQL, and the rows on the hand-built dataset.
@Suite struct TableQueryTests {
    @Test func defaultColumnsAndTheirFormats() throws {
        let tickets = try TableQuery(.tickets)
        #expect(
            tickets.columns.map(\.name) == [
                "ticket_id", "tid", "opened_at", "dept_name", "subject", "status", "priority", "user_id", "name",
                "email",
                "admin", "last_reply_at", "first_response_at", "first_responder", "frt_hours", "frt_business_hours",
                "customer_replies", "admin_replies", "notes", "rated_replies", "avg_rating",
            ])
        let formats = Dictionary(uniqueKeysWithValues: tickets.resultColumns.map { ($0.name, $0.format) })
        #expect(formats["ticket_id"] == .text)
        #expect(formats["opened_at"] == .datetime)
        #expect(formats["frt_hours"] == .hours)
        #expect(formats["admin_replies"] == .integer)
        #expect(formats["avg_rating"] == .number)
        for kind in TableQuery.Kind.allCases {
            let catalog = TableQuery.catalog(for: kind)
            #expect(Set(catalog.map(\.name)).count == catalog.count, "\(kind): duplicate column names")
            #expect(try TableQuery(kind, columns: ["all"]).columns == catalog)
            // Defaults come first, so the default set is a prefix of the catalog.
            let defaults = try TableQuery(kind).columns
            #expect(Array(catalog.prefix(defaults.count)) == defaults)
        }
    }

    @Test func unknownAndRepeatedColumnsAreRefusedWithTheValidNames() throws {
        do {
            _ = try TableQuery(.replies, columns: ["ticket_id", "ratings"])
            Issue.record("an unknown column was accepted")
        } catch {
            #expect(error.kind == .invalidParameter)
            #expect(error.problem.hasPrefix("unknown column \"ratings\" for replies; valid columns: ticket_id, tid,"))
            #expect(error.problem.contains(" rating,"))
        }
        #expect(throws: ReportError.self) { try TableQuery(.tickets, columns: ["tid", "TID"]) }
        #expect(throws: ReportError.self) { try TableQuery(.tickets, columns: [" ", ""]) }
        // Case and blanks around names are forgiven.
        #expect(try TableQuery(.notes, columns: [" Admin", "MESSAGE "]).columns.map(\.name) == ["admin", "message"])
    }

    @Test func filtersAreBoundNeverSpliced() throws {
        let hostile = "Sales'; DROP TABLE tickets; --"
        let export = try TableQuery(
            .replies, columns: ["ticket_id", "rating"],
            filters: .init(
                period: .month(try ReportMonth(parsing: "2026-10")), departments: [hostile, "Billing"],
                statuses: ["Closed"],
                priorities: ["High"], admins: ["Alice"], sources: ["default"]))
        #expect(!export.sql.contains("DROP"))
        #expect(!export.sql.contains("Billing"))
        #expect(export.sql.filter { $0 == "?" }.count == export.arguments.count)
        #expect(
            export.arguments == [
                "2026-10-01 00:00:00", "2026-11-01 00:00:00", "default", hostile, "Billing", "Closed", "High", "Alice",
            ])
        #expect(export.sql.contains("r.created_at >= ? AND r.created_at < ?"))
        #expect(export.parameters.map(\.name) == ["month", "department", "status", "priority", "admin", "source"])
    }

    @Test func aPeriodIsOneOrTheOther() throws {
        let from = try ReportDate(parsing: "2026-10-01", parameter: "from")
        let month = try ReportMonth(parsing: "2026-10")
        #expect(throws: ReportError(.invalidParameter, "give either --month or --from/--to, not both")) {
            try ReportPeriod.given(month: month, from: from, to: from)
        }
        #expect(throws: ReportError(.invalidParameter, "--from and --to go together (both inclusive days)")) {
            try ReportPeriod.given(month: nil, from: from, to: nil)
        }
        let period = try ReportPeriod.given(
            month: nil, from: from, to: try ReportDate(parsing: "2026-10-15", parameter: "to"))
        let days = try TableQuery(.tickets, filters: .init(period: period))
        #expect(days.arguments == ["2026-10-01 00:00:00", "2026-10-16 00:00:00"])
    }

    @Test func ticketsCarryTheirMetrics() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        let table = try runner.run(
            try TableQuery(
                .tickets,
                columns: [
                    "ticket_id", "opened_at", "first_responder", "frt_hours", "frt_business_hours", "customer_replies",
                    "admin_replies", "rated_replies", "avg_rating", "admin",
                ],
                filters: .init(period: .month(try ReportMonth(parsing: "2026-10")), departments: ["support"])))
        #expect(table.name == "tickets")
        #expect(table.title == "Tickets")
        // Support tickets opened in October, in opening order; case-insensitive department.
        #expect(table.rows.map(\.[0]) == [101, 102, 109, 103, 110].map { CellValue.integer($0) })
        let t101 = table.rows[0]
        #expect(t101[1] == .text("2026-10-05 10:00:00"))
        #expect(t101[2] == .text("Alice"))
        #expect(t101[3] == .real(6))
        #expect(t101[4] == .real(6))
        #expect(Array(t101[5...8]) == [.integer(1), .integer(2), .integer(1), .real(5)])
        #expect(t101[9] == .null)
        // Unanswered: no responder, no FRT, no average.
        let t103 = table.rows[3]
        #expect(t103[2] == .null && t103[3] == .null && t103[8] == .null)
    }

    @Test func repliesAndNotesFollowTheirOwnDates() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        let october = try ReportMonth(parsing: "2026-10")
        // Ticket 111 was opened in September; Erin's rated reply is dated 1 October.
        let rated = try runner.run(
            try TableQuery(
                .replies, columns: ["ticket_id", "admin", "rating", "side"],
                filters: .init(period: .month(october), admins: ["ERIN"])))
        #expect(
            rated.rows == [
                [.integer(111), .text("Erin"), .integer(5), .text("admin")],
                [.integer(106), .text("Erin"), .null, .text("admin")],
            ])
        let notes = try runner.run(
            try TableQuery(
                .notes, columns: ["ticket_id", "admin"],
                filters: .init(period: .month(try ReportMonth(parsing: "2026-09")))))
        #expect(notes.rows == [[.integer(111), .text("Erin")]])
        // Tickets an admin replied to: Dave opened 105 and answered it.
        let dave = try runner.run(try TableQuery(.metrics, columns: ["ticket_id"], filters: .init(admins: ["Dave"])))
        #expect(dave.rows == [[.integer(105)]])
    }

    @Test func streamingHandsOverTheHeaderThenEveryRow() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        var header: ResultTable?
        var rows = 0
        let count = try runner.stream(try TableQuery(.replies)) { table in
            #expect(rows == 0)
            header = table
        } row: { row in
            rows += 1
            #expect(row.count == header?.columns.count)
        }
        #expect(count == rows)
        #expect(count == 28)  // every message of the twelve tickets, opening messages included
        #expect(header?.columns.first?.label == "Ticket ID")
    }

    @Test func queriesFallBackOnDeclaredTypesWhenValuesSayNothing() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        let table = try runner.runQuery(
            sql:
                "SELECT rating, ticket_id, message, frt_seconds / 3600.0 AS hours FROM replies, ticket_metrics USING (source, ticket_id) WHERE 0"
        )
        #expect(table.columns.map(\.format) == [.integer, .text, .text, .text])
        var streamed: [ColumnFormat] = []
        try runner.streamQuery(sql: "SELECT rating FROM replies WHERE rating IS NULL") {
            streamed = $0.columns.map(\.format)
        } row: { _ in
        }
        #expect(streamed == [.integer])
    }

    @Test func aSharedPeriodIsIgnoredWhereItDoesNotApply() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        var arguments = ReportArguments(month: try ReportMonth(parsing: "2026-10"), values: ["limit": "3"])
        #expect(throws: ReportError.self) { try runner.runQuery(sql: "SELECT 1 AS one", arguments: arguments) }
        arguments.isShared = true
        #expect(try runner.runQuery(sql: "SELECT 1 AS one", arguments: arguments).rows == [[.integer(1)]])
    }
}
