import Foundation
import Reporting
import Testing

@Suite struct CatalogTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let builtInNames = [
        "admin-load", "admin-ratings", "backlog", "daily-volume", "department-load", "monthly-trend", "next-reply",
        "ratings", "reopens", "resolution", "response-times", "sla", "source-comparison", "status-flow",
        "time-to-close", "unanswered", "weekday-hour",
    ]

    /// A working directory with its own reports/ and queries/, removed afterwards.
    final class Workspace {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
            for folder in ["reports", "queries", "custom"] {
                try FileManager.default.createDirectory(
                    at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
        }
        deinit { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }

    @Test func theBuiltInReportsAreAllThere() throws {
        let entries = ReportCatalog.builtIn.list()
        #expect(entries.map(\.name) == Self.builtInNames)
        #expect(entries.allSatisfy { $0.problem == nil && $0.origin == .builtIn && !$0.description.isEmpty })
        let pack = try ReportCatalog.builtIn.pack(named: "monthly")
        // Every built-in report is in the pack, but the history reports other than backlog
        // (reopens feeds a tile).
        #expect(Set(pack.reports) == Set(Self.builtInNames).subtracting(["reopens", "status-flow", "time-to-close"]))
    }

    /// The top-level `reports/` (a symlink to `Sources/Reporting/Reports/`) and the copy
    /// bundled into the tool must be the same files, byte for byte, whichever way the
    /// folders are arranged; if `reports/` ever becomes a real folder, this catches drift.
    @Test func theBundledReportsMatchTheRepositoryReports() throws {
        let bundled = try #require(BuiltInReports.directory)
        // Under `swift test` the copy SwiftPM built is found, not the source folder.
        #expect(bundled.path.contains("ticketreport_Reporting.resources"), "\(bundled.path)")
        let repository = Self.repositoryRoot.appendingPathComponent("reports")
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: repository.path).filter { !$0.hasPrefix(".") }.sorted()
        let bundledNames = try fm.contentsOfDirectory(atPath: bundled.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == bundledNames)
        #expect(names.contains("monthly.yaml"))
        for name in names {
            let a = try Data(contentsOf: repository.appendingPathComponent(name))
            let b = try Data(contentsOf: bundled.appendingPathComponent(name))
            #expect(
                a == b,
                "reports/\(name) differs from the bundled copy (rebuild, or copy it to Sources/Reporting/Reports/)")
        }
    }

    @Test func lookupOrderIsCustomThenReportsThenQueriesThenBuiltIn() throws {
        let workspace = try Workspace()
        try workspace.write("custom/sla.sql", "/*\ntitle: Custom SLA\n*/\nSELECT 1 AS one;\n")
        try workspace.write("reports/sla.sql", "/*\ntitle: Local SLA\n*/\nSELECT 1 AS one;\n")
        try workspace.write("reports/ratings.sql", "/*\ntitle: Local ratings\n*/\nSELECT 1 AS one;\n")
        try workspace.write("queries/ratings.sql", "/*\ntitle: Saved ratings\n*/\nSELECT 1 AS one;\n")
        try workspace.write("queries/mine.sql", "SELECT 2 AS two;\n")

        let catalog = ReportCatalog.standard(reportsDirectory: "custom", workingDirectory: workspace.root)
        #expect(try catalog.definition(named: "sla").title == "Custom SLA")
        #expect(try catalog.definition(named: "sla").file == "custom/sla.sql")
        #expect(try catalog.definition(named: "ratings").title == "Local ratings")
        #expect(try catalog.definition(named: "mine.sql").file == "queries/mine.sql")
        #expect(try catalog.definition(named: "mine").title == "mine")
        #expect(try catalog.definition(named: "next-reply").title == "Next reply time by department")

        let listed = Dictionary(uniqueKeysWithValues: catalog.list().map { ($0.name, $0) })
        #expect(listed["sla"]?.origin == .custom)
        #expect(listed["ratings"]?.origin == .reports)
        #expect(listed["mine"]?.origin == .queries)
        #expect(listed["next-reply"]?.origin == .builtIn)
        #expect(listed.count == Self.builtInNames.count + 1)

        let withoutCustom = ReportCatalog.standard(workingDirectory: workspace.root)
        #expect(try withoutCustom.definition(named: "sla").title == "Local SLA")
    }

    @Test func aBrokenFileIsListedWithItsProblem() throws {
        let workspace = try Workspace()
        try workspace.write("queries/broken.sql", "/*\ntitle: [\n*/\nSELECT 1;\n")
        let entry = ReportCatalog.standard(workingDirectory: workspace.root).list().first { $0.name == "broken" }
        let problem = try #require(entry?.problem)
        #expect(problem.hasPrefix("queries/broken.sql:") && problem.contains("invalid YAML"), "\(problem)")
    }

    @Test(arguments: ["../x", "../../etc/passwd", "reports/sla", "/etc/passwd", ".hidden", "a/../b", "", "sla;rm"])
    func namesCannotEscapeTheirFolder(_ name: String) {
        do {
            _ = try ReportCatalog.builtIn.definition(named: name)
            Issue.record("accepted \(name)")
        } catch {
            #expect(
                error.description
                    == "report name \"\(name)\" is not allowed: use a name from `ticketreport report list` (letters, digits, - and _; no folders)"
            )
        }
    }

    @Test func anUnknownReportSaysWhereItLooked() throws {
        let workspace = try Workspace()
        let catalog = ReportCatalog.standard(workingDirectory: workspace.root)
        #expect(
            throws: ReportError(
                .notFound,
                "report \"slas\" not found in reports/, queries/, built-in reports/ (try: ticketreport report list)")
        ) {
            try catalog.definition(named: "slas")
        }
    }
}
