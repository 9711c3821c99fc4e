import Foundation
import Reporting
import Testing

@Suite struct MonthlyPackTests {
    @Test func tilesCompareWithTheMonthBefore() throws {
        let store = try TemporaryStore.dataset()
        let config = try Dataset.config()
        let generated = Date(timeIntervalSince1970: 1_800_000_000)
        let pack = try MonthlyPack.build(
            store: try store.reader(), config: config, month: ReportMonth(year: 2026, month: 10)!, catalog: .builtIn,
            generatedAt: generated)
        #expect(pack.title == "Monthly support report")
        #expect(pack.period == "2026-10")
        #expect(pack.generatedAt == generated)
        #expect(
            pack.tables.map(\.name) == [
                "response-times", "next-reply", "sla", "ratings", "admin-ratings", "department-load", "admin-load",
                "daily-volume", "weekday-hour", "monthly-trend", "unanswered", "resolution", "data-notes",
            ])
        #expect(pack.tables.allSatisfy { $0.parameters.first?.value == "2026-10" })
        // Ticket 104's admin reply is stamped before the ticket: the month has a data note.
        let notes = try #require(pack.tables.last)
        #expect(notes.title == "Data notes")
        #expect(
            notes.rows == [
                [
                    .text("Replies dated before the ticket was opened (clock skew)"), .integer(1), .text("104"),
                    .text(
                        "A first response before the opening counts as 0 seconds; check the helpdesk server's clock."),
                ]
            ])

        let tiles = pack.tiles
        #expect(
            tiles.map(\.label) == [
                "Tickets", "Median first response", "p90 first response", "SLA met", "CSAT", "Unanswered",
            ])
        #expect(tiles.map(\.format) == [.integer, .hours, .hours, .percent, .percent, .integer])
        #expect(
            tiles.map(\.direction) == [
                .neutral, .lowerIsBetter, .lowerIsBetter, .higherIsBetter, .higherIsBetter, .lowerIsBetter,
            ])
        // October (see BuiltInReportFiguresTests) against September (ticket 111 only).
        let values: [(Expected, Expected)] = [
            (10, 1),
            (6.0, 19.0),
            (79.8, 19.0),
            (0.625, 1.0),
            (0.625, nil),  // no rating was written in September
            (2, 0),
        ]
        for (tile, (value, previous)) in zip(tiles, values) {
            #expect(value.matches(tile.value), "\(tile.label): \(render(tile.value))")
            #expect(previous.matches(tile.previous), "\(tile.label) previous: \(render(tile.previous))")
        }
    }

    @Test func brokenPacksNameTheFileAndLine() {
        #expect(
            throws: ReportError(
                .invalidDefinition, "tiles[0].columns: unknown key (did you mean column?)", file: "p.yaml", line: 3)
        ) {
            _ = try PackDefinition(
                name: "p", file: "p.yaml", text: "title: P\ntiles:\n  - { label: A, report: sla, columns: x }\n")
        }
        #expect(
            throws: ReportError(
                .invalidDefinition,
                "reports[1]: report name \"../etc\" is not allowed: use a name from `ticketreport report list` (letters, digits, - and _; no folders)",
                file: "p.yaml", line: 4)
        ) {
            _ = try PackDefinition(name: "p", file: "p.yaml", text: "title: P\nreports:\n  - sla\n  - ../etc\n")
        }
    }
}
