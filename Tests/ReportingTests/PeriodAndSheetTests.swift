import Foundation
import Reporting
import Testing

@Suite struct PeriodAndSheetTests {
    @Test func aPeriodKnowsItsBoundsAndTheOneBefore() throws {
        let october = ReportPeriod.month(try ReportMonth(parsing: "2026-10"))
        #expect(october.startText == "2026-10-01 00:00:00")
        #expect(october.endText == "2026-11-01 00:00:00")
        #expect(october.previous == .month(try ReportMonth(parsing: "2026-09")))
        let days = try #require(
            try ReportPeriod.given(
                month: nil, from: try ReportDate(parsing: "2026-10-05", parameter: "from"),
                to: try ReportDate(parsing: "2026-10-11", parameter: "to")))
        #expect(days.description == "2026-10-05..2026-10-11")
        #expect(days.endText == "2026-10-12 00:00:00")
        #expect(days.previous.description == "2026-09-28..2026-10-04")  // the seven days before
        #expect(try ReportPeriod.given(month: nil, from: nil, to: nil) == nil)
        #expect(throws: ReportError(.invalidParameter, "--to must not be before --from")) {
            try ReportPeriod.given(
                month: nil, from: try ReportDate(parsing: "2026-10-05", parameter: "from"),
                to: try ReportDate(parsing: "2026-10-01", parameter: "to"))
        }
    }

    @Test func sheetsParseTheirSourceAndName() throws {
        let sla = try SheetSpec(parsing: "SLA=report:sla")
        #expect(sla.name == "SLA" && sla.source == .report("sla"))
        #expect(try SheetSpec(parsing: "report:sla").name == nil)
        #expect(
            try SheetSpec(parsing: "export:Tickets:ticket_id,subject").source
                == .export(.tickets, columns: ["ticket_id", "subject"]))
        #expect(try SheetSpec(parsing: "query:SELECT 1 AS a=1").source == .query("SELECT 1 AS a=1"))
        let open = try SheetSpec(parsing: "Open = queries/open.sql")
        #expect(open.name == "Open" && open.source == .file("queries/open.sql"))
        #expect(
            throws: ReportError(
                .invalidParameter, "--sheet export:invoices: export:KIND takes tickets, replies, notes or metrics")
        ) {
            try SheetSpec(parsing: "export:invoices")
        }
        #expect(throws: ReportError(.invalidParameter, "--sheet report:: name the report after report:")) {
            try SheetSpec(parsing: "report:")
        }
    }

    /// Every sheet is resolved before any runs: a missing report or file fails first.
    @Test func sheetsAreResolvedBeforeAnythingRuns() throws {
        let arguments = ReportArguments(month: try ReportMonth(parsing: "2026-10"))
        let plan = try SheetSpec(parsing: "report:sla").plan(
            catalog: .builtIn, arguments: arguments, filters: .init())
        #expect(
            plan.sheetName(title: "First-response SLA by department and priority")
                == "First-response SLA by department and priority")
        #expect(throws: ReportError.self) {
            try SheetSpec(parsing: "report:nope").plan(catalog: .builtIn, arguments: arguments, filters: .init())
        }
        #expect(throws: ReportError.self) {
            try SheetSpec(parsing: "/no/such/file.sql").plan(catalog: .builtIn, arguments: arguments, filters: .init())
        }
        // A query file's name stands in for a title too long for a sheet tab.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).sql")
        try Data("SELECT 1 AS one".utf8).write(to: file)
        let query = try SheetSpec(parsing: file.path).plan(catalog: .builtIn, arguments: arguments, filters: .init())
        let long = String(repeating: "x", count: 40)
        #expect(query.sheetName(title: long) == file.deletingPathExtension().lastPathComponent)
    }

    /// An empty pack says why, so a blank page is not taken for a quiet month.
    @Test func anEmptyPackSaysWhy() throws {
        let store = try TemporaryStore.dataset()
        let november = try ReportMonth(parsing: "2026-11")
        #expect(MonthlyPack.emptyNote(store: try store.reader(), month: november) == nil)  // ticket 112
        #expect(
            MonthlyPack.emptyNote(store: try store.reader(), month: try ReportMonth(parsing: "2027-01"))
                == "Note: no tickets were opened in 2027-01, so the pack is empty (the store's tickets were opened 2026-09-30 to 2026-11-02)."
        )
        let empty = try TemporaryStore().write([])
        #expect(
            MonthlyPack.emptyNote(store: try empty.reader(), month: november)?.hasPrefix(
                "Note: the store holds no tickets yet") == true)
    }
}
