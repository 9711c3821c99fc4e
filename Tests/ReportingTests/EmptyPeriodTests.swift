import Foundation
import Reporting
import Testing

/// An empty store, and a month without tickets, give empty results, never errors: reports
/// with a total row keep it (counts 0, averages, percentiles and shares NULL); calendars
/// (days, weekdays, trend months) list their rows with zeros; lists are empty.
@Suite struct EmptyPeriodTests {
    static let totalRows: [String: [Expected]] = [
        "response-times": ["All departments", 0, 0, 0, 0, nil, nil, nil, nil, nil],
        "next-reply": ["All departments", 0, nil, nil, nil],
        "ratings": ["All departments", 0, 0, 0, 0, 0, 0, nil, nil],
        "admin-ratings": ["All admins", 0, 0, 0, 0, 0, 0, nil, nil],
        "department-load": ["All departments", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        "admin-load": ["All admins", 0, 0, 0, 0, nil, 0, nil],
        "sla": ["All departments", "All priorities", nil, nil, 0, 0, 0, 0, 0, 0, nil],
        "resolution": ["All departments", 0, nil, nil, nil],
        "reopens": ["All departments", 0, 0, nil, 0],
        "time-to-close": ["All departments", 0, nil, nil, nil, 0, nil],
        "source-comparison": ["All sources", 0, nil, nil, 0, nil],
    ]

    func checkEmpty(_ runner: ReportRunner, _ month: ReportMonth) throws {
        let arguments = ReportArguments(month: month)
        for entry in ReportCatalog.builtIn.list() {
            let table = try runner.run(try ReportCatalog.builtIn.definition(named: entry.name), arguments: arguments)
            switch entry.name {
            case "daily-volume":
                #expect(table.rows.count == 30)  // November
                #expect(table.rows.allSatisfy { $0[1] == .integer(0) })
            case "backlog":
                #expect(table.rows.count == 30)
                #expect(table.rows.allSatisfy { $0.dropFirst().dropLast().allSatisfy { $0 == .integer(0) } })
            case "weekday-hour":
                #expect(table.rows.count == 7)
                #expect(table.rows.allSatisfy { $0.dropFirst().allSatisfy { $0 == .integer(0) } })
            case "monthly-trend":
                #expect(table.rows.count == 12)
                #expect(table.rows.last?[0] == .text(month.description))
            case "unanswered", "status-flow":
                #expect(table.rows.isEmpty)
            default:
                let total = try #require(Self.totalRows[entry.name], "add \(entry.name) to totalRows")
                expectRows(table, [total])
            }
        }
    }

    @Test func anEmptyStore() throws {
        let store = try TemporaryStore().write([])
        let runner = try store.runner()
        try checkEmpty(runner, ReportMonth(year: 2026, month: 11)!)
        // With nothing in the store the default month is the one before today's: still no error.
        let table = try runner.run(try ReportCatalog.builtIn.definition(named: "response-times"))
        #expect(table.rows.count == 1)
    }

    @Test func aMonthWithoutTickets() throws {
        let store = try TemporaryStore.dataset()
        try checkEmpty(try store.runner(), ReportMonth(year: 2025, month: 11)!)
    }

    @Test func theMonthlyPackOfAnEmptyStore() throws {
        let store = try TemporaryStore().write([])
        let config = try Dataset.config()
        let pack = try MonthlyPack.build(
            store: try store.reader(), config: config, month: ReportMonth(year: 2026, month: 11)!, catalog: .builtIn)
        #expect(pack.tiles.map(\.value) == [.integer(0), .null, .null, .null, .null, .integer(0)])
    }
}
