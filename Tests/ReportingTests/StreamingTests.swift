import Foundation
import Reporting
import Testing

@Suite struct StreamingTests {
    @Test func streamingGivesTheSameResultAsRunning() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        let arguments = ReportArguments(month: ReportMonth(year: 2026, month: 10))
        for entry in ReportCatalog.builtIn.list() {
            let definition = try ReportCatalog.builtIn.definition(named: entry.name)
            let full = try runner.run(definition, arguments: arguments)
            var header: ResultTable?
            var rows: [[CellValue]] = []
            let count = try runner.stream(definition, arguments: arguments) { table in
                #expect(rows.isEmpty, "the header comes before the rows")
                header = table
            } row: {
                rows.append($0)
            }
            #expect(count == full.rows.count)
            #expect(header?.columns == full.columns)
            #expect(header?.chart == full.chart)
            #expect(header?.rows.isEmpty == true)
            #expect(rows == full.rows)
        }
    }

    @Test func manyRowsStreamOneAtATime() throws {
        let store = try TemporaryStore().write([])
        let runner = ReportRunner(store: try store.reader(), typingSampleSize: 10)
        var seen: Int64 = 0
        var format: ColumnFormat?
        let count = try runner.streamQuery(
            sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i FROM n"
        ) { header in
            format = header.columns.first?.format
        } row: { row in
            seen += 1
            #expect(row == [.integer(seen)])
        }
        #expect(count == 200_000)
        #expect(format == .integer)
    }

    @Test func errorsFromTheCallbackComeBackUnchanged() throws {
        struct Stop: Error, Equatable {}
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        var rows = 0
        #expect(throws: Stop()) {
            try runner.streamQuery(sql: "SELECT ticket_id FROM tickets") { _ in
            } row: { _ in
                rows += 1
                if rows == 3 { throw Stop() }
            }
        }
        #expect(rows == 3)
    }

    @Test func writesAreRefusedWhenStreamingToo() throws {
        let store = try TemporaryStore.dataset()
        let runner = try store.runner()
        #expect(throws: ReportError(.queryRefused, ReportRunner.readOnlyRefusal)) {
            try runner.streamQuery(sql: "DELETE FROM tickets") { _ in
            } row: { _ in
            }
        }
    }
}
