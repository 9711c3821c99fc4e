import Foundation
import Reporting
import Testing

/// Every kind of broken report definition gets one line naming the file, the line and the problem.
@Suite struct DefinitionErrorTests {
    func parse(_ text: String) throws(ReportError) -> ReportDefinition {
        try ReportDefinition(name: "broken", file: "reports/broken.sql", text: text)
    }

    func expectError(_ text: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(text)
            Issue.record("expected \(message)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description == message, sourceLocation: sourceLocation)
            #expect(error.kind == .invalidDefinition, sourceLocation: sourceLocation)
        }
    }

    @Test func badYAML() {
        expectError(
            "/*\ntitle: Broken\nparams: { month: month\n*/\nSELECT 1;\n",
            "reports/broken.sql:4: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping)")
    }

    @Test func headerThatIsNotYAMLMetadata() {
        expectError(
            "/* Lists tickets. */\nSELECT 1;\n",
            "reports/broken.sql:1: the leading comment must be YAML metadata (title:, description:, params:, columns:, chart:); start the file with -- for a plain comment"
        )
    }

    @Test func unknownHeaderKey() {
        expectError(
            "/*\ntitle: x\ndescripton: y\n*/\nSELECT 1;\n",
            "reports/broken.sql:3: descripton: unknown key (did you mean description?)")
    }

    @Test func unknownParameterType() {
        expectError(
            "\n\n/*\ntitle: x\nparams:\n  month: month\n  since: datetime\n*/\nSELECT 1;\n",
            "reports/broken.sql:7: params.since: unknown parameter type \"datetime\" (use month, date, string or int)")
        expectError(
            "/*\nparams:\n  n: { type: integer, default: 3 }\n*/\nSELECT :n;\n",
            "reports/broken.sql:3: params.n: unknown parameter type \"integer\" (use month, date, string or int)")
    }

    @Test func parameterUsedButNotDeclared() {
        expectError(
            "/*\nparams: { month: month }\n*/\nSELECT *\nFROM tickets\nWHERE opened_at >= :month_start AND status = :status;\n",
            "reports/broken.sql:6: :status is used in the SQL but not declared under params (declare it, e.g. params: { status: string })"
        )
        // A file without a header declares nothing.
        expectError(
            "SELECT * FROM tickets WHERE opened_at >= :month_start;",
            "reports/broken.sql:1: :month_start is used in the SQL but not declared under params (declare it, e.g. params: { month_start: string })"
        )
    }

    @Test func parametersInStringsAndCommentsAreNotParameters() throws {
        let definition = try parse(
            "/*\ntitle: x\n*/\n-- :nope\nSELECT ':nope' AS \"a:nope\", [b:nope] /* :nope */ FROM tickets;\n")
        #expect(definition.usedParameterNames.isEmpty)
    }

    @Test func unsupportedParameterStyles() {
        expectError(
            "/*\ntitle: x\n*/\nSELECT * FROM tickets\nWHERE ticket_id = ?;\n",
            "reports/broken.sql:5: parameter ? is not supported; use a named :parameter declared under params")
        expectError(
            "SELECT * FROM tickets WHERE ticket_id = @id;",
            "reports/broken.sql:1: parameter @id is not supported; use a named :parameter declared under params")
    }

    @Test func badDefaults() {
        expectError(
            "/*\nparams:\n  month: { type: month, default: 2026-13 }\n*/\nSELECT :month_start;\n",
            "reports/broken.sql:3: params.month.default: month must be YYYY-MM with a month 01–12")
        expectError(
            "/*\nparams:\n  as_of: { type: date, default: end_of_month }\n*/\nSELECT :as_of;\n",
            "reports/broken.sql:3: params.as_of.default: as_of must be a date YYYY-MM-DD (a real calendar day) or the name of another bound value such as month_end"
        )
        expectError(
            "/*\nparams:\n  limit: { type: int, default: many }\n*/\nSELECT :limit;\n",
            "reports/broken.sql:3: params.limit.default: limit must be an integer")
    }

    @Test func boundNamesMustNotCollide() {
        expectError(
            "/*\nparams:\n  month: month\n  month_end: date\n*/\nSELECT :month_end;\n",
            "reports/broken.sql:4: params.month_end: :month_end is already bound by parameter month; rename one")
    }

    @Test func unknownColumnFormatAndChartType() {
        expectError(
            "/*\ncolumns:\n  n: { label: N, format: hour }\n*/\nSELECT 1 AS n;\n",
            "reports/broken.sql:3: columns.n.format: unknown format \"hour\" (use integer, number, percent, hours, duration, date, datetime, text)"
        )
        expectError(
            "/*\nchart: { type: pie, x: a, y: b }\n*/\nSELECT 1 AS a, 2 AS b;\n",
            "reports/broken.sql:2: chart.type: unknown chart type \"pie\" (use bar, line or heatmap)")
        expectError(
            "/*\nchart: { type: bar, x: a }\n*/\nSELECT 1 AS a;\n",
            "reports/broken.sql:2: chart: missing y (the value column or columns)")
    }

    @Test func oneReadOnlyStatement() {
        expectError(
            "/*\ntitle: x\n*/\nSELECT 1;\nSELECT 2;\n",
            "reports/broken.sql:5: a report holds one statement; a second one starts here")
        expectError(
            "/*\ntitle: x\n*/\nDELETE FROM tickets;\n",
            "reports/broken.sql:4: a report is one read-only SELECT (or WITH … SELECT) statement, not DELETE")
        do {
            _ = try parse("/*\ntitle: x\n*/\n-- nothing\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "reports/broken.sql: no SQL after the header (write one SELECT statement)")
        }
    }

    @Test func trailingCommentsAndSemicolonAreFine() throws {
        let definition = try parse("/*\ntitle: Fine\n*/\nSELECT 1 AS one; -- done\n\n/* end */\n")
        #expect(definition.title == "Fine")
    }

    /// Column names are only known once SQLite has prepared the statement: the chart and
    /// `columns:` are checked against `Statement.columnNames` before any row is read.
    @Test func chartOrColumnNamingAMissingColumn() throws {
        let store = try TemporaryStore().write([])
        let runner = try store.runner()
        let chart = try parse(
            "/*\ntitle: x\ncolumns:\n  n: { format: integer }\nchart: { type: bar, x: status, y: [n, p90_h] }\n*/\nSELECT status, count(*) AS n FROM tickets GROUP BY status;\n"
        )
        #expect(
            throws: ReportError(
                .invalidDefinition,
                "chart.y: column \"p90_h\" is not in the result (columns: status, n)", file: "reports/broken.sql",
                line: 5)
        ) {
            try runner.run(chart)
        }
        var streamed = 0
        #expect(throws: ReportError.self) {
            try runner.stream(chart, header: { _ in streamed += 1 }, row: { _ in streamed += 1 })
        }
        #expect(streamed == 0)

        let x = try parse("/*\nchart: { type: line, x: day, y: n }\n*/\nSELECT 1 AS n;\n")
        #expect(
            throws: ReportError(
                .invalidDefinition, "chart.x: column \"day\" is not in the result (columns: n)",
                file: "reports/broken.sql",
                line: 2)
        ) {
            try runner.run(x)
        }

        let columns = try parse("/*\ncolumns:\n  n: { format: integer }\n  m: { format: hours }\n*/\nSELECT 1 AS n;\n")
        #expect(
            throws: ReportError(
                .invalidDefinition, "columns.m: no such column in the result (columns: n)", file: "reports/broken.sql",
                line: 4)
        ) {
            try runner.run(columns)
        }
    }

    @Test func sqlErrorsNameTheReportButNotTheValues() throws {
        let store = try TemporaryStore().write([])
        let runner = try store.runner()
        let definition = try parse("/*\nparams: { who: string }\n*/\nSELECT nope FROM tickets WHERE name = :who;\n")
        do {
            _ = try runner.run(definition, arguments: ReportArguments(values: ["who": "secret-value"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "reports/broken.sql: report \"broken\": SQLite error: no such column: nope")
            #expect(!error.description.contains("secret-value"))
        }
    }
}
