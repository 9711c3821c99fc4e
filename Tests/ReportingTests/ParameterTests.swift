import Foundation
import Reporting
import Testing

@Suite struct ParameterTests {
    let store: TemporaryStore
    let runner: ReportRunner

    init() throws {
        store = try TemporaryStore.dataset()
        runner = try store.runner()
    }

    func definition(_ header: String, _ sql: String = "SELECT 1 AS one;") throws -> ReportDefinition {
        try ReportDefinition(name: "p", file: "reports/p.sql", text: "/*\n\(header)\n*/\n\(sql)\n")
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-1", "26-10", "2026-10-01", "october", "2026/10", "２０２６-10"])
    func badMonths(_ text: String) {
        #expect(throws: ReportError(.invalidParameter, "month must be YYYY-MM with a month 01–12")) {
            try ReportArguments.parse(month: text, from: nil, to: nil, params: [])
        }
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-1-5", "yesterday", "2026-10-05 10:00:00"])
    func badDates(_ text: String) {
        #expect(throws: ReportError(.invalidParameter, "from must be a date YYYY-MM-DD (a real calendar day)")) {
            try ReportArguments.parse(month: nil, from: text, to: "2026-10-31", params: [])
        }
    }

    @Test func periodFlagsGoTogether() {
        #expect(throws: ReportError(.invalidParameter, "give either --month or --from/--to, not both")) {
            try ReportArguments.parse(month: "2026-10", from: "2026-10-01", to: "2026-10-31", params: [])
        }
        #expect(throws: ReportError(.invalidParameter, "--from and --to go together (both inclusive days)")) {
            try ReportArguments.parse(month: nil, from: "2026-10-01", to: nil, params: [])
        }
        #expect(throws: ReportError(.invalidParameter, "--to must not be before --from")) {
            try ReportArguments.parse(month: nil, from: "2026-10-02", to: "2026-10-01", params: [])
        }
        #expect(throws: ReportError(.invalidParameter, "--param expects name=value (e.g. --param limit=20)")) {
            try ReportArguments.parse(month: nil, from: nil, to: nil, params: ["limit"])
        }
        #expect(throws: ReportError(.invalidParameter, "--param limit is given twice; give it once")) {
            try ReportArguments.parse(month: nil, from: nil, to: nil, params: ["limit=1", "limit=2"])
        }
    }

    @Test func monthBindsTheFiveNames() throws {
        let bound = try runner.bind(
            try definition("params: { month: month }", "SELECT :month_start;"),
            arguments: try ReportArguments.parse(month: "2026-01", from: nil, to: nil, params: []))
        #expect(bound.value(of: "month") == "2026-01")
        #expect(bound.value(of: "month_start") == "2026-01-01 00:00:00")
        #expect(bound.value(of: "month_end") == "2026-02-01 00:00:00")
        #expect(bound.value(of: "prev_month_start") == "2025-12-01 00:00:00")
        #expect(bound.value(of: "prev_month_end") == "2026-01-01 00:00:00")
    }

    @Test func aMonthParameterMayHaveAnotherName() throws {
        let bound = try runner.bind(
            try definition("params: { period: month }", "SELECT :period_start, :prev_period_end;"),
            arguments: ReportArguments(values: ["period": "2024-03"]))
        #expect(bound.value(of: "period_start") == "2024-03-01 00:00:00")
        #expect(bound.value(of: "period_end") == "2024-04-01 00:00:00")
        #expect(bound.value(of: "prev_period_start") == "2024-02-01 00:00:00")
        #expect(throws: ReportError(.invalidParameter, "period must be YYYY-MM with a month 01–12")) {
            try runner.bind(
                try definition("params: { period: month }", "SELECT :period_start;"),
                arguments: ReportArguments(values: ["period": "2024-3"]))
        }
    }

    @Test func fromAndToAreInclusiveDays() throws {
        let report = try definition("params: { from: date, to: date }", "SELECT :from, :to, :to_end;")
        let bound = try runner.bind(
            report, arguments: try ReportArguments.parse(month: nil, from: "2026-10-05", to: "2026-10-07", params: []))
        #expect(bound.value(of: "from") == "2026-10-05 00:00:00")
        #expect(bound.value(of: "to") == "2026-10-07 00:00:00")
        #expect(bound.value(of: "to_end") == "2026-10-08 00:00:00")
        // --month fills from/to with the month's first and last day.
        let byMonth = try runner.bind(report, arguments: ReportArguments(month: ReportMonth(year: 2026, month: 2)))
        #expect(byMonth.display.map(\.value) == ["2026-02-01", "2026-02-28"])
    }

    @Test func typedValuesAreChecked() throws {
        let report = try definition(
            "params:\n  limit: { type: int, default: 5 }\n  status: { type: string, default: Open }",
            "SELECT :limit AS l, typeof(:limit) AS t, :status AS s;")
        #expect(try runner.run(report).rows == [[.integer(5), .text("integer"), .text("Open")]])
        #expect(
            try runner.run(report, arguments: ReportArguments(values: ["limit": "12", "status": "Closed"])).rows == [
                [.integer(12), .text("integer"), .text("Closed")]
            ])
        #expect(throws: ReportError(.invalidParameter, "limit must be an integer")) {
            try runner.run(report, arguments: ReportArguments(values: ["limit": "12.5"]))
        }
        #expect(
            throws: ReportError(
                .invalidParameter, "report \"p\" has no parameter \"limt\" (its parameters: limit, status)")
        ) {
            try runner.run(report, arguments: ReportArguments(values: ["limt": "3"]))
        }
    }

    @Test func requiredParametersAndPeriodFlagsMustFit() throws {
        let report = try definition("params: { status: string }", "SELECT :status;")
        #expect(throws: ReportError(.invalidParameter, "report \"p\" needs parameter status (give --param status=…)")) {
            try runner.run(report)
        }
        #expect(throws: ReportError(.invalidParameter, "report \"p\" has no month parameter; drop --month")) {
            try runner.run(
                report, arguments: ReportArguments(month: ReportMonth(year: 2026, month: 10), values: ["status": "x"]))
        }
        let none = try definition("title: none")
        #expect(throws: ReportError(.invalidParameter, "report \"p\" has no parameter \"x\" (it takes no parameters)"))
        {
            try runner.run(none, arguments: ReportArguments(values: ["x": "1"]))
        }
    }

    @Test func dateDefaultsMayReferToAnotherBoundValue() throws {
        let report = try definition(
            "params:\n  month: month\n  as_of: { type: date, default: month_end }\n  since: { type: date, default: null }",
            "SELECT :as_of, :since;")
        let table = try runner.run(report, arguments: ReportArguments(month: ReportMonth(year: 2026, month: 12)))
        #expect(table.rows == [[.text("2027-01-01 00:00:00"), .null]])
        #expect(table.parameters.map(\.value) == ["2026-12", "2027-01-01", ""])
    }

    @Test func hostileTextIsJustAValue() throws {
        let report = try definition("params: { name: string }", "SELECT count(*) AS n FROM tickets WHERE name = :name;")
        let table = try runner.run(report, arguments: ReportArguments(values: ["name": "x' OR '1'='1"]))
        #expect(table.rows == [[.integer(0)]])
    }

    @Test func monthArithmetic() throws {
        let december = try ReportMonth(parsing: "2026-12")
        #expect(december.next.description == "2027-01")
        #expect(december.adding(months: -12).description == "2025-12")
        #expect(try ReportMonth(parsing: "2024-02").lastDay.description == "2024-02-29")
        #expect(try ReportDate(parsing: "2026-12-31", parameter: "d").adding(days: 1).description == "2027-01-01")
    }
}
