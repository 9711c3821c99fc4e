import Foundation
import GRDB
import TestSupport
import Testing
import TicketStore

/// `ticketreport demo`, `monthly` and single-report files, run as the built binary and read
/// back with independent readers: openpyxl (plus the chart XML, which openpyxl drops) for the
/// workbook, LibreOffice when it is installed.
@Suite("demo and monthly packs (CLI)")
struct MonthlyAndDemoTests {
    // MARK: - demo

    @Test func demoWritesThePackAndTheStoreAndSaysWhere() async throws {
        let demo = try await DemoPacks.plain.value
        let lines = demo.result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 6, "\(demo.result)")
        #expect(lines.first?.hasPrefix("Done: ") == true)
        #expect(lines.dropFirst().first == "Wrote \(demo.xlsx.path)")
        #expect(lines.dropFirst(2).first == "Wrote \(demo.html.path)")
        #expect(lines.dropFirst(3).first == "Monthly pack for \(demo.month) from the demo store \(demo.store).")
        #expect(lines.last == "")
        for path in [demo.xlsx.path, demo.html.path, demo.store] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        // The pack is for the last complete month of the data, not of the wall clock.
        let newest = try StoreFile.read(demo.store) { db in
            try String.fetchOne(db, sql: "SELECT max(opened_at) FROM tickets")
        }
        #expect(newest.map { Self.previousMonth(String($0.prefix(7))) } == demo.month)
    }

    /// Summary first with the KPI tiles; then one sheet per report of monthly.yaml, in order, each
    /// with its labels as a bold frozen header, every cell in its column's number format and equal
    /// to `report run NAME --format json`, and its chart (native) or heatmap (colour scale).
    @Test func demoWorkbookHoldsEveryReportWithFormatsAndCharts() async throws {
        let demo = try await DemoPacks.plain.value
        let workbook = try PackReaders.workbook(demo.xlsx)
        let reports = try BuiltInPack.reportNames().map(BuiltInPack.report)
        #expect(reports.count == 12)
        #expect(workbook.sheets.map(\.name) == ["Summary"] + reports.map { BuiltInPack.sheetName($0.title) })

        var results: [String: ReportJSON] = [:]
        for report in reports {
            let json = try ReportJSON.run(report.name, month: demo.month, db: demo.store, directory: demo.folder)
            results[report.name] = json
            guard let sheet = workbook.sheet(BuiltInPack.sheetName(report.title)) else {
                Issue.record("no sheet for \(report.name)")
                continue
            }
            // The header row, then (one column apart) the link back to the Summary sheet.
            let columns = json.columns.count
            #expect(Array(sheet.header.prefix(columns)) == json.columns.map(\.label), "\(report.name)")
            #expect(Array(sheet.header.dropFirst(columns)) == ["", "← Summary"], "\(report.name)")
            #expect(sheet.rows.first?.prefix(columns).allSatisfy(\.bold) == true, "\(report.name): header not bold")
            #expect(sheet.freeze == "A2", "\(report.name)")
            #expect(sheet.autofilter?.hasPrefix("A1:") == true, "\(report.name)")
            #expect(sheet.dataRows.count == json.rows.count, "\(report.name)")
            for (index, (cells, expected)) in zip(sheet.dataRows, json.table).enumerated() {
                for (column, info) in json.columns.enumerated() {
                    Self.expectCell(
                        column < cells.count ? cells[column] : nil, expected[column], format: info.format,
                        at: "\(report.name) row \(index + 2) \(info.name)")
                }
            }
            Self.expectChart(on: sheet, for: report, result: json)
        }

        // The summary: title, then Figure/Value/Previous/Change with each tile of monthly.yaml.
        let summary = try #require(workbook.sheets.first)
        #expect(summary.rows.first?.first?.value.string == (try BuiltInPack.title))
        let headerRow = try #require(summary.rows.firstIndex { $0.first?.value.string == "Figure" })
        #expect(
            summary.rows[headerRow].prefix(4).map { $0.value.string ?? "" } == [
                "Figure", "Value", "Previous", "Change",
            ])
        let previousMonth = Self.previousMonth(demo.month)
        var previous: [String: ReportJSON] = [:]
        for (offset, tile) in try BuiltInPack.tiles().enumerated() {
            let row = summary.rows[headerRow + 1 + offset]
            #expect(row.first?.value.string == tile.label)
            let current = try #require(results[tile.report])
            if previous[tile.report] == nil {
                previous[tile.report] = try ReportJSON.run(
                    tile.report, month: previousMonth, db: demo.store, directory: demo.folder)
            }
            let format = try #require(current.format(of: tile.column))
            let expectedCode = format == "hours" ? "0.0\" h\"" : Self.numberFormat(format)
            for (column, result) in [(1, current), (2, previous[tile.report]!)] {
                let expected = try #require(result.cell(row: tile.row, column: tile.column), "\(tile.label)")
                let cell = row.count > column ? row[column] : nil
                if let number = expected.number {
                    #expect(
                        Self.close(cell?.value.number, number),
                        "\(tile.label) column \(column): \(String(describing: cell))")
                    #expect(cell?.format == expectedCode, "\(tile.label)")
                } else {
                    #expect(cell == nil || cell!.value.isEmpty, "\(tile.label)")
                }
            }
        }
        // Then the list of reports with their row counts.
        let listRow = try #require(summary.rows.firstIndex { $0.first?.value.string == "Report" })
        for (offset, report) in reports.enumerated() {
            let row = summary.rows[listRow + 1 + offset]
            #expect(row.first?.value.string == report.title)
            #expect(row.dropFirst().first?.value.number == Double(results[report.name]?.rows.count ?? -1))
        }
    }

    /// The issue's "done when": LibreOffice opens the workbook and prints it. `make setup`
    /// installs it (libreoffice-calc-nogui); without it this test is skipped.
    @Test(
        .enabled(
            if: Self.libreOffice != nil,
            "LibreOffice is not installed (apt-get install libreoffice-calc-nogui to run this check)"))
    func libreOfficeConvertsTheDemoWorkbookToPDF() async throws {
        let office = try #require(Self.libreOffice)
        let demo = try await DemoPacks.plain.value
        let folder = try TestPaths.scratchDirectory("office")
        defer { try? FileManager.default.removeItem(at: folder) }  // the LibreOffice profile is ~10 MB
        let profile = folder.appendingPathComponent("profile")
        let run = try await offThread {
            try ExternalTool.run(
                office,
                [
                    "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "pdf",
                    "--outdir", folder.path, demo.xlsx.path,
                ], timeout: 120)
        }
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let pdf = folder.appendingPathComponent("support-\(demo.month).pdf")
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.starts(with: Data("%PDF-".utf8)))
        #expect(bytes.count > 20_000, "a 13-sheet workbook makes more than \(bytes.count) bytes of PDF")
    }

    // MARK: - monthly

    @Test func monthlyWritesBothFilesFromTheDemoStore() async throws {
        let demo = try await DemoPacks.plain.value
        let out = try TestPaths.scratchDirectory("monthly").appendingPathComponent("pack")
        let result = try Self.ticketreport(
            ["monthly", "--month", demo.month, "--db", demo.store, "--out", out.path], in: demo.folder)
        #expect(result.status == 0, "\(result)")
        let xlsx = out.appendingPathComponent("support-\(demo.month).xlsx")
        let html = out.appendingPathComponent("support-\(demo.month).html")
        #expect(result.stdout == "Wrote \(xlsx.path)\nWrote \(html.path)\n")
        #expect(result.stderr == "")
        #expect(try Self.contents(out) == ["support-\(demo.month).html", "support-\(demo.month).xlsx"])
        // The same data gives the same workbook as the demo's (cells, not bytes: files carry times).
        let ours = try PackReaders.workbook(xlsx)
        let demos = try PackReaders.workbook(demo.xlsx)
        #expect(ours.sheets.map(\.name) == demos.sheets.map(\.name))
        for (a, b) in zip(ours.sheets.dropFirst(), demos.sheets.dropFirst()) {
            #expect(a.rows.map { $0.map(\.value) } == b.rows.map { $0.map(\.value) }, "\(a.name)")
        }
        let page = try PackReaders.page(html)
        #expect(page.sections.count == 12)
    }

    @Test func monthlyHTMLOnlyWritesOnlyThePage() async throws {
        let demo = try await DemoPacks.plain.value
        let out = try TestPaths.scratchDirectory("monthly-html")
        let result = try Self.ticketreport(
            ["monthly", "--month", demo.month, "--db", demo.store, "--out", out.path, "--format", "html"],
            in: demo.folder)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "Wrote \(out.appendingPathComponent("support-\(demo.month).html").path)\n")
        #expect(try Self.contents(out) == ["support-\(demo.month).html"])
    }

    @Test func redactAdminsLeavesNoAdminNameInEitherFile() async throws {
        let demo = try await DemoPacks.plain.value
        let admins = try StoreFile.read(demo.store) { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT admin FROM replies WHERE admin IS NOT NULL")
        }
        #expect(admins.count >= 3)
        // Without the flag the names are there, so the check below can fail.
        let plainText = try PackReaders.workbookText(demo.xlsx) + (try PackReaders.page(demo.html).text)
        #expect(admins.contains { plainText.contains($0) })

        let out = try TestPaths.scratchDirectory("redacted")
        let result = try Self.ticketreport(
            ["monthly", "--month", demo.month, "--db", demo.store, "--out", out.path, "--redact-admins"],
            in: demo.folder)
        #expect(result.status == 0, "\(result)")
        let xlsx = try PackReaders.workbookText(out.appendingPathComponent("support-\(demo.month).xlsx"))
        let html = out.appendingPathComponent("support-\(demo.month).html")
        let page = try PackReaders.page(html)
        let raw = try String(contentsOf: html, encoding: .utf8)
        for admin in admins {
            #expect(!xlsx.contains(admin), "admin \(admin) in the workbook")
            #expect(!page.text.contains(admin) && !raw.contains(admin), "admin \(admin) in the page")
        }
        let pseudonym = #"Admin \d{6}"#
        #expect(xlsx.range(of: pseudonym, options: .regularExpression) != nil)
        #expect(page.text.range(of: pseudonym, options: .regularExpression) != nil)
    }

    /// A folder that cannot be made or written: one line on stderr, exit 3, nothing left behind.
    @Test func anUnwritableOutIsOneErrorLineAndLeavesNoFile() async throws {
        let demo = try await DemoPacks.plain.value
        let scratch = try TestPaths.scratchDirectory("unwritable")
        let regularFile = scratch.appendingPathComponent("notes.txt")
        try Data("keep me\n".utf8).write(to: regularFile)
        let cases: [(out: String, error: String)] = [
            (
                regularFile.appendingPathComponent("pack").path,
                "Error: cannot create the output folder \(regularFile.path)/pack (is the path writable?)\n"
            ),
            (
                regularFile.path,
                "Error: --out \(regularFile.path) is a file, not a folder (choose a folder for the pack)\n"
            ),
            (
                "/proc/self",
                "Error: cannot write \"/proc/self/support-\(demo.month).xlsx\": cannot create a file in \"/proc/self\": "
                    + "No such file or directory (check the folder's permissions or choose another output path)\n"
            ),
        ]
        for (out, error) in cases {
            let result = try Self.ticketreport(
                ["monthly", "--month", demo.month, "--db", demo.store, "--out", out], in: demo.folder)
            #expect(result.status == 3, "\(out): \(result)")
            #expect(result.stderr == error, "\(out)")
            #expect(result.stderr.isOneErrorLine)
            #expect(result.stdout == "", "\(out)")
            #expect(try Self.contents(scratch) == ["notes.txt"], "\(out)")
            #expect(try String(contentsOf: regularFile, encoding: .utf8) == "keep me\n")
        }
    }

    /// The page cannot replace a folder of its name: the workbook before it stays whole and is
    /// reported, the error names the page, and no temporary file is left.
    @Test func aFailureAfterTheWorkbookKeepsItWholeAndLeavesNoTemporaryFile() async throws {
        let demo = try await DemoPacks.plain.value
        let out = try TestPaths.scratchDirectory("half")
        let html = out.appendingPathComponent("support-\(demo.month).html")
        let xlsx = out.appendingPathComponent("support-\(demo.month).xlsx")
        try FileManager.default.createDirectory(at: html, withIntermediateDirectories: false)
        let result = try Self.ticketreport(
            ["monthly", "--month", demo.month, "--db", demo.store, "--out", out.path], in: demo.folder)
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout == "Wrote \(xlsx.path)\n")
        #expect(
            result.stderr
                == "Error: cannot write \"\(html.path)\": cannot replace it: Is a directory "
                + "(check that it is not a folder and that the folder is writable)\n")
        #expect(try Self.contents(out) == [html.lastPathComponent, xlsx.lastPathComponent])
        #expect(try Self.contents(html) == [])
        #expect(try PackReaders.workbook(xlsx).sheets.count == 13)
    }

    /// No tickets at all: the pack for the last complete calendar month, empty but valid, and a
    /// note saying why (a scheduled job still gets its files).
    @Test func anEmptyStoreGivesAnEmptyValidPackAndSaysWhy() async throws {
        let folder = try TestPaths.scratchDirectory("empty-store")
        let db = folder.appendingPathComponent("tickets.sqlite").path
        _ = try TicketStore(path: db, access: .readWrite)
        let before = Self.lastCompleteCalendarMonth()
        let result = try Self.ticketreport(["monthly", "--db", db, "--out", folder.path], in: folder)
        let month =
            [before, Self.lastCompleteCalendarMonth()].first { result.stdout.contains("support-\($0).") } ?? before
        #expect(result.status == 0, "\(result)")
        let xlsx = folder.appendingPathComponent("support-\(month).xlsx")
        let html = folder.appendingPathComponent("support-\(month).html")
        #expect(result.stdout == "Wrote \(xlsx.path)\nWrote \(html.path)\n")
        #expect(
            result.stderr
                == "Note: the store holds no tickets yet, so the pack for \(month) is empty (run `ticketreport ingest` first).\n"
        )
        let workbook = try PackReaders.workbook(xlsx)
        #expect(workbook.sheets.count == 13)
        let tiles = try BuiltInPack.tiles()
        let summary = try #require(workbook.sheets.first)
        let headerRow = try #require(summary.rows.firstIndex { $0.first?.value.string == "Figure" })
        #expect(summary.rows[headerRow + 1].dropFirst().first?.value.number == 0)  // Tickets: 0
        let page = try PackReaders.page(html)
        #expect(page.tiles.map(\.label) == tiles.map(\.label))
        #expect(page.tiles.first?.value == "0")
        #expect(page.tiles.dropFirst().first?.value == "—")  // no median of nothing
        let responseTimes = try #require(page.section(titled: try BuiltInPack.report("response-times").title))
        #expect(responseTimes.rows.map { $0.first } == ["All departments"])
    }

    @Test func aMonthWithoutTicketsSaysSo() async throws {
        let demo = try await DemoPacks.plain.value
        let out = try TestPaths.scratchDirectory("quiet-month")
        let result = try Self.ticketreport(
            ["monthly", "--month", "2020-01", "--db", demo.store, "--out", out.path, "--format", "html"],
            in: demo.folder)
        #expect(result.status == 0, "\(result)")
        let range = try StoreFile.read(demo.store) { db in
            try Row.fetchOne(
                db, sql: "SELECT substr(min(opened_at), 1, 10), substr(max(opened_at), 1, 10) FROM tickets")
        }
        let first: String = range?[0] ?? ""
        let last: String = range?[1] ?? ""
        #expect(
            result.stderr
                == "Note: no tickets were opened in 2020-01, so the pack is empty (the store's tickets were opened \(first) to \(last)).\n"
        )
    }

    // MARK: - report run into a file

    @Test func reportRunWritesASingleReportWorkbookAndPage() async throws {
        let demo = try await DemoPacks.plain.value
        let folder = try TestPaths.scratchDirectory("single")
        let report = try BuiltInPack.report("response-times")
        let json = try ReportJSON.run("response-times", month: demo.month, db: demo.store, directory: folder)
        let xlsx = folder.appendingPathComponent("F.xlsx")
        let html = folder.appendingPathComponent("F.html")
        for (format, file) in [("xlsx", xlsx), ("html", html)] {
            let result = try Self.ticketreport(
                [
                    "report", "run", "response-times", "--month", demo.month, "--db", demo.store, "--format", format,
                    "-o", file.path,
                ], in: folder)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.hasPrefix("Wrote \(file.path)"), "\(result)")
        }
        let workbook = try PackReaders.workbook(xlsx)
        #expect(workbook.sheets.map(\.name) == [BuiltInPack.sheetName(report.title)])
        let sheet = try #require(workbook.sheets.first)
        #expect(sheet.header == json.columns.map(\.label))
        #expect(sheet.dataRows.count == json.rows.count)
        #expect(sheet.charts.map(\.type) == ["barChart"])

        let page = try PackReaders.page(html)
        #expect(page.h1 == [report.title])
        #expect(page.tiles.isEmpty)
        #expect(page.sections.count == 1)
        #expect(page.sections.first?.headers == json.columns.map(\.label))
        #expect(page.sections.first?.rows.count == json.rows.count)
        #expect(try Self.contents(folder) == ["F.html", "F.xlsx"])
    }

    // MARK: - Helpers

    static let libreOffice = ExternalTool.find("libreoffice") ?? ExternalTool.find("soffice")

    static func ticketreport(_ arguments: [String], in directory: URL) throws -> CommandResult {
        try CommandLineRunner.run(arguments, directory: directory, timeout: 60)
    }

    /// Every entry of a folder, hidden ones (temporary files start with ".") included.
    static func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func previousMonth(_ month: String) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let (year, number) = parts[1] == 1 ? (parts[0] - 1, 12) : (parts[0], parts[1] - 1)
        return String(format: "%04d-%02d", year, number)
    }

    static func lastCompleteCalendarMonth() -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        return previousMonth(String(format: "%04d-%02d", parts.year ?? 2000, parts.month ?? 1))
    }

    static func numberFormat(_ format: String) -> String {
        switch format {
        case "integer": return "#,##0"
        case "number": return "#,##0.00"
        case "percent": return "0.0%"
        case "hours": return "0.0"
        case "duration": return "[h]:mm"
        case "date": return "yyyy-mm-dd"
        case "datetime": return "yyyy-mm-dd hh:mm"
        default: return "General"
        }
    }

    static func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) <= 1e-9 * max(1, abs(expected))
    }

    /// One workbook cell against the JSON of the same report: value and number format.
    static func expectCell(_ cell: PackReaders.Cell?, _ expected: JSONCell, format: String, at place: String) {
        switch expected {
        case .null:
            #expect(cell == nil || cell!.value.isEmpty, "\(place): \(String(describing: cell))")
        case .number(let number):
            guard let cell else {
                Issue.record("\(place): empty, expected \(number)")
                return
            }
            if format == "duration" {
                #expect(abs((cell.value.seconds ?? .nan) - number) < 0.5, "\(place)")
                #expect(cell.format == "[h]:mm", "\(place)")
            } else {
                #expect(close(cell.value.number, number), "\(place): \(cell.value) vs \(number)")
                let numeric = ["integer", "number", "percent", "hours"].contains(format)
                #expect(cell.format == (numeric ? numberFormat(format) : "General"), "\(place)")
            }
        case .string(let text):
            guard let cell else {
                Issue.record("\(place): empty, expected \(text)")
                return
            }
            if format == "date" || format == "datetime",
                text.range(
                    of: #"^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?$"#, options: .regularExpression) != nil
            {
                #expect(cell.value.datetime == (text.count == 10 ? text + " 00:00:00" : text), "\(place)")
                #expect(cell.format == numberFormat(format), "\(place)")
            } else {
                #expect(cell.value.string == text, "\(place)")
                #expect(cell.type == "s", "\(place): text must be a string cell, never a formula")
            }
        }
    }

    /// A bar or line report gets one native chart with a series per y column; the heatmap a
    /// three-colour scale over its y columns; other reports neither.
    static func expectChart(on sheet: PackReaders.Sheet, for report: BuiltInPack.Report, result: ReportJSON) {
        let place = report.name
        guard let kind = report.chart, !result.rows.isEmpty else {
            #expect(sheet.charts.isEmpty && sheet.conditional.isEmpty, "\(place)")
            return
        }
        switch kind {
        case "bar", "line":
            #expect(sheet.charts.count == 1, "\(place)")
            #expect(sheet.charts.first?.type == (kind == "bar" ? "barChart" : "lineChart"), "\(place)")
            if kind == "bar" { #expect(sheet.charts.first?.barDir == "col", "\(place)") }
            #expect(sheet.charts.first?.series == report.chartY.count, "\(place)")
            #expect(sheet.conditional.isEmpty, "\(place)")
        case "heatmap":
            #expect(sheet.charts.isEmpty, "\(place)")
            let indices = report.chartY.compactMap { y in result.columns.firstIndex { $0.name == y } }
            #expect(indices.count == report.chartY.count, "\(place)")
            let letters = indices.map(columnName)
            let range = "\(letters.first ?? "?")2:\(letters.last ?? "?")\(result.rows.count + 1)"
            #expect(sheet.conditional.count == 1, "\(place)")
            #expect(sheet.conditional.first?.type == "colorScale", "\(place)")
            #expect(sheet.conditional.first?.colors.count == 3, "\(place)")
            #expect(sheet.conditional.first?.range == range, "\(place)")
        default:
            Issue.record("\(place): unknown chart type \(kind)")
        }
    }

    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            name = String(UnicodeScalar(UInt8(65 + (index - 1) % 26))) + name
            index = (index - 1) / 26
        }
        return name
    }
}
