import Exporters
import Foundation
import Reporting
import Testing

/// The workbook prints: each sheet's page setup read from its XML, and LibreOffice's PDF of it.
@Suite struct PrintSetupTests {
    /// A pack with highlights, a charted table, every format, and a table wider and longer
    /// than one landscape page.
    static func printablePack() -> ReportPack {
        var pack = Fixtures.pack(tables: [Fixtures.chartTable(.bar), Fixtures.allFormats(), wideTable()])
        pack.title = "Support & service report"
        pack.highlights = [
            "Median first response rose 38 % to 10.2 h (from 7.4 h); Billing accounts for most of it "
                + "(+9.1 h on 44 tickets).",
            "SLA met fell 3.5 points to 82.3 % (from 85.8 %); 20 of the 41 breaches were Medium priority in "
                + "General Enquiries.",
        ]
        return pack
    }

    /// Weekday by hour: 25 columns, 150 rows.
    static func wideTable() -> ResultTable {
        let hours = (0..<24).map {
            ResultColumn(name: "h\($0)", label: String(format: "%02d:00", $0), format: .integer)
        }
        return ResultTable(
            name: "wide", title: "Tickets by weekday and hour",
            columns: [ResultColumn(name: "day", label: "Weekday")] + hours,
            rows: (0..<150).map { row in [.text("Day \(row + 1)")] + (0..<24).map { .integer(Int64(row * 24 + $0)) } })
    }

    @Test func everySheetPrintsLandscapeOnePageWideWithHeadersFootersAndLinks() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("pack.xlsx")
        try XLSXExporter(timeZone: Fixtures.utc).write(pack: Self.printablePack(), to: url)
        let book = try WorkbookXML.read(url)
        #expect(
            book.sheets.map(\.name) == ["Summary", "Load by department", "All formats", "Tickets by weekday and hour"])

        for sheet in book.sheets {
            #expect(sheet.pageSetup["orientation"] == "landscape", "\(sheet.name)")
            #expect(sheet.pageSetup["fitToWidth"] == nil || sheet.pageSetup["fitToWidth"] == "1", "\(sheet.name)")
            #expect(sheet.pageSetup["fitToHeight"] == "0", "\(sheet.name)")
            #expect(sheet.fitToPage == "1", "\(sheet.name)")
            #expect(
                sheet.margins == [
                    "left": "0.5", "right": "0.5", "top": "0.75", "bottom": "0.6", "header": "0.3",
                    "footer": "0.3",
                ], "\(sheet.name)")
            #expect(sheet.footer == "&CPage &P of &N", "\(sheet.name)")
        }
        // The heading (with its ampersand escaped) on the left, the sheet's title on the right.
        #expect(
            book.sheets.map(\.header) == [
                "&LSupport && service report · 2026-10&RSummary",
                "&LSupport && service report · 2026-10&RLoad by department",
                "&LSupport && service report · 2026-10&RAll formats",
                "&LSupport && service report · 2026-10&RTickets by weekday and hour",
            ])
        // The summary draws its own rules and hides gridlines; report sheets print them.
        #expect(book.sheets.map(\.showGridLines) == ["0", nil, nil, nil])
        #expect(book.sheets.map { $0.printOptions["gridLines"] } == [nil, "1", "1", "1"])

        // Summary → each report sheet; each report sheet → Summary, beside its header row.
        let summary = try #require(book.sheets.first)
        #expect(
            summary.hyperlinks.map(\.location) == [
                "'Load by department'!A1", "'All formats'!A1", "'Tickets by weekday and hour'!A1",
            ])
        #expect(
            summary.hyperlinks.map(\.display) == ["Load by department", "All formats", "Tickets by weekday and hour"])
        #expect(
            book.sheets.dropFirst().map { $0.hyperlinks.map(\.ref) } == [["F1"], ["J1"], ["AA1"]])
        #expect(book.sheets.dropFirst().allSatisfy { $0.hyperlinks.map(\.location) == ["'Summary'!A1"] })

        // The header row repeats on every printed page; the print area is the table alone.
        #expect(
            book.definedNames.filter { $0.name == "_xlnm.Print_Titles" }.map(\.text).sorted() == [
                "'All formats'!$1:$1", "'Load by department'!$1:$1", "'Tickets by weekday and hour'!$1:$1",
            ])
        #expect(
            book.definedNames.filter { $0.name == "_xlnm.Print_Area" }.map(\.text).sorted() == [
                "'All formats'!$A$1:$H$4", "'Load by department'!$A$1:$D$4",
                "'Tickets by weekday and hour'!$A$1:$Y$151", "Summary!$A$1:$D$18",
            ])
    }

    @Test func theSummaryShowsTheHighlightsAboveTheFigures() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("pack.xlsx")
        let pack = Self.printablePack()
        try XLSXExporter(timeZone: Fixtures.utc).write(pack: pack, to: url)
        let summary = try #require(try PythonReaders.xlsx(url).sheet("Summary"))
        let column = summary.cells.map { $0.first?.value.string ?? "" }
        #expect(Array(column[4...7]) == ["Highlights", "• " + pack.highlights[0], "• " + pack.highlights[1], ""])
        #expect(column[8] == "Figure")
        let book = try WorkbookXML.read(url)
        #expect(book.sheets.first?.merged == ["A6:D6", "A7:D7"])
    }

    @Test func aStreamedWorkbookPrintsTheSameWay() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("one.xlsx")
        try XLSXExporter(constantMemoryThreshold: 1).write(table: Self.wideTable(), to: url)
        let book = try WorkbookXML.read(url)
        let sheet = try #require(book.sheets.first)
        #expect(sheet.pageSetup["orientation"] == "landscape")
        #expect(sheet.fitToPage == "1")
        #expect(sheet.header == "&RTickets by weekday and hour")
        #expect(sheet.footer == "&CPage &P of &N")
        #expect(sheet.hyperlinks.isEmpty)  // no summary to go back to
        #expect(book.definedNames.map(\.name).contains("_xlnm.Print_Titles"))
    }

    /// LibreOffice prints the workbook as a PDF: every page landscape, every page of a table
    /// holds its first and last column (nothing spills onto a page of its own across), and the
    /// page count is what one page wide gives.
    @Test func libreOfficePrintsEveryTableOnePageWide() throws {
        guard let office = Tools.find("soffice") ?? Tools.find("libreoffice"), let pdfinfo = Tools.find("pdfinfo"),
            let pdftotext = Tools.find("pdftotext")
        else {
            print(
                "######## NOT TESTED: LibreOffice's PDF of the workbook (soffice, pdfinfo or pdftotext missing; "
                    + "make setup installs libreoffice-calc-nogui and poppler-utils) ########")
            return
        }
        let folder = try TemporaryFolder()
        let url = folder.file("pack.xlsx")
        try XLSXExporter(timeZone: Fixtures.utc).write(pack: Self.printablePack(), to: url)
        let converted = try Tools.run(
            office,
            [
                "-env:UserInstallation=\(folder.file("profile").absoluteString)", "--headless", "--convert-to", "pdf",
                "--outdir", folder.url.path, url.path,
            ], timeout: 180)
        #expect(converted.status == 0, "\(converted.output)")
        let pdf = folder.file("pack.pdf")

        let info = try Tools.run(pdfinfo, ["-f", "1", "-l", "1000", pdf.path], timeout: 60).output
        let sizes = info.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }
            .compactMap { line -> (Double, Double)? in
                let numbers = line.split(separator: " ").compactMap { Double($0) }
                return numbers.count >= 3 ? (numbers[1], numbers[2]) : nil
            }
        // Summary 1, load 1, formats 1, the 150-row table a few pages down (never across).
        #expect((4...8).contains(sizes.count), "\(sizes.count) pages")
        #expect(sizes.allSatisfy { $0.0 > $0.1 }, "every page landscape: \(sizes)")

        let text = try Tools.run(pdftotext, ["-layout", pdf.path, "-"], timeout: 60).output
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        // Labels found on one table's pages only, and the first and last of its header row.
        let tables = [
            (only: ["Department", "Note"], header: ["Department", "Note"]),
            (only: ["Average", "Median (h)"], header: ["Name", "Opened"]),
            (only: ["Weekday", "00:00", "23:00"], header: ["Weekday", "23:00"]),
        ]
        for table in tables {
            let holding = pages.filter { page in table.only.contains { page.contains($0) } }
            #expect(!holding.isEmpty, "\(table.header) printed")
            for page in holding {
                #expect(table.header.allSatisfy { page.contains($0) }, "a page with only part of \(table.header)")
            }
        }
        #expect(pages.filter { $0.contains("Weekday") }.count >= 2, "the 150-row table's header repeats")
        #expect(pages.allSatisfy { $0.isEmpty || $0.contains("Page ") }, "every page has its footer")
        #expect(pages.first?.contains("Highlights") == true)
    }
}

/// The print-related parts of a workbook's XML, read with Python's zipfile and ElementTree.
struct WorkbookXML: Decodable {
    struct Sheet: Decodable {
        let name: String
        let pageSetup: [String: String]
        let fitToPage: String?
        let margins: [String: String]
        let printOptions: [String: String]
        let header: String?
        let footer: String?
        let showGridLines: String?
        let hyperlinks: [Link]
        let merged: [String]
    }
    struct Link: Decodable {
        let ref: String
        let location: String?
        let display: String?
    }
    struct DefinedName: Decodable {
        let name: String
        let text: String
    }
    let sheets: [Sheet]
    let definedNames: [DefinedName]

    static func read(_ url: URL) throws -> WorkbookXML {
        try JSONDecoder().decode(WorkbookXML.self, from: try PythonReaders.run(script, [url.path]))
    }

    static let script = #"""
        import sys, json, zipfile, posixpath
        import xml.etree.ElementTree as ET
        M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
        z = zipfile.ZipFile(sys.argv[1])
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        targets = {r.get("Id"): posixpath.normpath(posixpath.join("xl", r.get("Target")))
                   for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall(PR + "Relationship")}
        sheets = []
        for s in wb.find(M + "sheets"):
            root = ET.fromstring(z.read(targets[s.get(R)]))
            def attrs(tag):
                node = root.find(M + tag)
                return dict(node.attrib) if node is not None else {}
            fit = root.find(M + "sheetPr/" + M + "pageSetUpPr")
            view = root.find(M + "sheetViews/" + M + "sheetView")
            links = root.find(M + "hyperlinks")
            merges = root.find(M + "mergeCells")
            sheets.append({
                "name": s.get("name"),
                "pageSetup": attrs("pageSetup"),
                "fitToPage": fit.get("fitToPage") if fit is not None else None,
                "margins": attrs("pageMargins"),
                "printOptions": attrs("printOptions"),
                "header": root.findtext(M + "headerFooter/" + M + "oddHeader"),
                "footer": root.findtext(M + "headerFooter/" + M + "oddFooter"),
                "showGridLines": view.get("showGridLines") if view is not None else None,
                "hyperlinks": [{"ref": h.get("ref"), "location": h.get("location"), "display": h.get("display")}
                               for h in (links if links is not None else [])],
                "merged": [m.get("ref") for m in (merges if merges is not None else [])],
            })
        names = wb.find(M + "definedNames")
        print(json.dumps({"sheets": sheets, "definedNames": [{"name": n.get("name"), "text": n.text}
                                                            for n in (names if names is not None else [])]}))
        """#
}

/// Programs outside the package (LibreOffice, poppler), bounded in time.
enum Tools {
    struct Run {
        let status: Int32
        let output: String
    }

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs `program` under timeout(1); stdout and stderr together, through a file so a large
    /// output never blocks on a full pipe.
    static func run(_ program: String, _ arguments: [String], timeout: Int) throws -> Run {
        let folder = try TemporaryFolder()
        let log = folder.file("output")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", String(timeout), program] + arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        return Run(
            status: process.terminationStatus, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
