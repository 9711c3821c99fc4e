import Foundation
import Reporting
import Testing

@testable import Exporters

@Suite("XLSX workbook writer, read back with openpyxl")
struct XLSXWorkbookWriterTests {
    @Test func formatsValuesHeaderAndFilter() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("formats.xlsx")
        try XLSXExporter(timeZone: Fixtures.utc).write(
            table: Fixtures.allFormats(), to: url, generatedAt: Fixtures.generatedAt)

        let dump = try PythonReaders.xlsx(url)
        let sheet = try #require(dump.sheet("All formats"))
        #expect(dump.sheets.count == 1)
        #expect(sheet.freeze == "A2")
        #expect(sheet.autofilter == "A1:H4")

        // Header: labels, bold.
        try #require(sheet.cells.count >= 3 && sheet.cells.allSatisfy { $0.count == 8 })
        let header = sheet.cells[0]
        #expect(
            header.map(\.value.string) == ["Name", "Tickets", "Average", "CSAT", "Median (h)", "FRT", "Day", "Opened"])
        #expect(header.allSatisfy { $0.bold })
        #expect(sheet.cells[1].allSatisfy { !$0.bold })

        let row = sheet.cells[1]
        #expect(row[0].value.string == "Billing" && row[0].type == "s")
        #expect(row[1].value.number == 1234 && row[1].type == "n" && row[1].format == "#,##0")
        #expect(row[2].value.number == 3.14159 && row[2].format == "#,##0.00")
        #expect(row[3].value.number == 0.875 && row[3].format == "0.0%")
        #expect(row[4].value.number == 3.5 && row[4].format == "0.0")
        #expect(row[5].format == "[h]:mm")
        #expect(abs((row[5].value.seconds ?? 0) - 5400) < 0.01)
        #expect(row[6].value.datetime == "2026-10-01 00:00:00" && row[6].type == "d" && row[6].format == "yyyy-mm-dd")
        #expect(row[7].value.datetime == "2026-10-01 09:30:15" && row[7].format == "yyyy-mm-dd hh:mm")

        let second = sheet.cells[2]
        // Text that looks like a formula is still a string cell.
        #expect(second[0].value.string == "=HYPERLINK(\"http://x\",\"y\")")
        #expect(second[0].type == "s")
        #expect(second[1].value.number == -7)
        #expect(abs((second[5].value.seconds ?? 0) - 90061) < 0.01)
        // Unparseable dates stay text rather than becoming wrong dates.
        #expect(second[6].value.string == "0000-00-00" && second[6].type == "s")
        #expect(second[7].value.string == "not a date")

        // The all-NULL row writes no cells, but the filter still spans it.
        #expect(sheet.cells.count == 3)

        // Widths fitted: the long formula-like text is wider than the default, nothing past 60.
        let widthA = try #require(sheet.widths["A"])
        #expect(widthA >= 27 && widthA <= 61)
        #expect(sheet.widths.values.allSatisfy { $0 <= 61 })

        #expect(dump.properties.title == "All formats")
        #expect(dump.properties.subject == "month = 2026-10")
        #expect(dump.properties.created?.hasPrefix("2026-11-01 08:00:00") == true)
    }

    @Test func sheetNamesAreValidAndUnique() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("names.xlsx")
        let writer = try XLSXWorkbookWriter(path: url)
        let long = String(repeating: "Very long report title ", count: 3)  // 69 characters
        let proposed = [
            long, long, "a[b]c:d*e?f/g\\h", "'quoted'", "Report", "REPORT", "report", "", "History", "Ünïcödé 📊",
        ]
        var returned: [String] = []
        for name in proposed {
            returned.append(try writer.addSheet(name: name, columns: [ResultColumn(name: "x")]))
            try writer.append(row: [.integer(1)])
        }
        try writer.close()

        let expected = [
            "Very long report title Very lon", "Very long report title Very (2)", "a_b_c_d_e_f_g_h", "quoted", "Report",
            "REPORT (2)", "report (3)", "Sheet", "History_", "Ünïcödé 📊",
        ]
        #expect(returned == expected)
        let dump = try PythonReaders.xlsx(url)
        #expect(dump.sheets.map(\.name) == expected)
        for name in expected {
            #expect(name.utf16.count <= 31)
            #expect(!name.contains(where: { "[]:*?/\\".contains($0) }))
            #expect(!name.hasPrefix("'") && !name.hasSuffix("'"))
        }
        #expect(Set(expected.map { $0.lowercased() }).count == expected.count)
    }

    @Test func barChartIsNativeAndBesideTheTable() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("bar.xlsx")
        try XLSXExporter().write(table: Fixtures.chartTable(.bar), to: url)
        let sheet = try #require(try PythonReaders.xlsx(url).sheets.first)
        #expect(sheet.charts.count == 1)
        let chart = try #require(sheet.charts.first)
        #expect(chart.type == "barChart")
        #expect(chart.barDir == "col")
        #expect(chart.series == 2)
        #expect(chart.categories.allSatisfy { $0 == "'Load by department'!$A$2:$A$4" })
        #expect(chart.values == ["'Load by department'!$B$2:$B$4", "'Load by department'!$C$2:$C$4"])
        #expect(chart.names == ["'Load by department'!$B$1", "'Load by department'!$C$1"])
        #expect(sheet.conditional.isEmpty)
    }

    @Test func lineChartAndSheetNameWithApostrophe() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("line.xlsx")
        try XLSXExporter().write(table: Fixtures.chartTable(.line, title: "Agent's load"), to: url)
        let sheet = try #require(try PythonReaders.xlsx(url).sheets.first)
        #expect(sheet.name == "Agent's load")
        let chart = try #require(sheet.charts.first)
        #expect(chart.type == "lineChart")
        #expect(chart.series == 2)
        #expect(chart.values.first == "'Agent''s load'!$B$2:$B$4")
    }

    @Test func heatmapIsAColorScaleOverTheValueColumns() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("heat.xlsx")
        var table = Fixtures.chartTable(.heatmap)
        try XLSXExporter().write(table: table, to: url)
        var sheet = try #require(try PythonReaders.xlsx(url).sheets.first)
        #expect(sheet.charts.isEmpty)
        #expect(sheet.conditional.count == 1)
        #expect(sheet.conditional.first?.type == "colorScale")
        #expect(sheet.conditional.first?.range == "B2:C4")
        #expect(sheet.conditional.first?.colors.count == 3)

        // Columns that are not side by side share one rule over several ranges.
        table.chart = ChartSpec(kind: .heatmap, x: "department", y: ["opened", "note"])
        try XLSXExporter().write(table: table, to: url)
        sheet = try #require(try PythonReaders.xlsx(url).sheets.first)
        #expect(sheet.conditional.count == 1)
        #expect(sheet.conditional.first?.range == "B2:B4 D2:D4")
    }

    @Test func chartWithUnknownColumnsIsSkippedWithADiagnostic() throws {
        let folder = try TemporaryFolder()
        var table = Fixtures.chartTable(.bar)
        table.chart = ChartSpec(kind: .bar, x: "nope", y: ["opened"])
        let report = try XLSXExporter().write(table: table, to: folder.file("x.xlsx"))
        #expect(report.diagnostics.contains { $0.contains("x column nope") })
        #expect(try PythonReaders.xlsx(folder.file("x.xlsx")).sheets.first?.charts.isEmpty == true)
    }

    @Test func controlCharactersAndOverlongTextDoNotCorruptTheFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("control.xlsx")
        let long = String(repeating: "é", count: 40_000)
        let table = ResultTable(
            name: "t", title: "Control\u{1}chars",
            columns: [ResultColumn(name: "subject", label: "Sub\u{0}ject")],
            rows: [
                [.text("a\u{0}b\u{1}c\u{1B}[31mred\u{0B}\r\nline2\rline3\u{FFFF}\tend")],
                [.text(long)],
                [.text("💬 emoji 𝄞 and 中文")],
            ])
        let report = try XLSXExporter().write(table: table, to: url)
        #expect(report.truncatedCells == 1)

        let sheet = try #require(try PythonReaders.xlsx(url).sheets.first)
        #expect(sheet.name == "Controlchars")
        try #require(sheet.cells.count == 4)
        #expect(sheet.cells[0][0].value.string == "Sub\u{FFFD}ject")
        #expect(
            sheet.cells[1][0].value.string == "a\u{FFFD}b\u{FFFD}c\u{FFFD}[31mred\u{FFFD}\nline2\nline3\u{FFFD}\tend")
        let truncated = try #require(sheet.cells[2][0].value.string)
        #expect(truncated.utf16.count == 32_767)
        #expect(truncated.hasSuffix("é…"))
        #expect(sheet.cells[3][0].value.string == "💬 emoji 𝄞 and 中文")
    }

    @Test func constantMemoryModeKeepsWidthsChartsAndFilter() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("cm.xlsx")
        let writer = try XLSXWorkbookWriter(path: url, constantMemory: true)
        let table = Fixtures.chartTable(.bar)
        try writer.addSheet(name: table.title, columns: table.columns, chart: table.chart)
        for row in table.rows { try writer.append(row: row) }
        try writer.addSheet(name: "Wide", columns: [ResultColumn(name: "text")])
        try writer.append(row: [.text(String(repeating: "w", count: 45))])
        try writer.close()
        #expect(try folder.contents() == ["cm.xlsx"])

        let dump = try PythonReaders.xlsx(url)
        #expect(dump.sheets.map(\.name) == ["Load by department", "Wide"])
        try #require(dump.sheets.count == 2)
        #expect(dump.sheets[0].charts.count == 1)
        #expect(dump.sheets[0].autofilter == "A1:D4")
        #expect(dump.sheets[0].freeze == "A2")
        #expect((dump.sheets[1].widths["A"] ?? 0) >= 45)
        #expect(try PythonReaders.xlsxRawCounts(url).first?.inlineStrings == true)
    }

    @Test func longTablesContinueOnNumberedSheets() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("split.xlsx")
        let writer = try XLSXWorkbookWriter(path: url, constantMemory: true)
        writer.sheetRowLimit = 5  // header + 4 rows per sheet
        try writer.addSheet(name: "Tickets", columns: [ResultColumn(name: "id", format: .integer)])
        for id in 1...10 { try writer.append(row: [.integer(Int64(id))]) }
        // A later sheet asking for a continuation's name gets its own unique name.
        try writer.addSheet(name: "Tickets (2)", columns: [ResultColumn(name: "other")])
        let report = try writer.close()

        #expect(report.sheets.map(\.name) == ["Tickets", "Tickets (2)", "Tickets (3)", "Tickets (2) (2)"])
        #expect(report.sheets.map(\.dataRows) == [4, 4, 2, 0])
        #expect(report.sheets.map(\.continues) == [nil, "Tickets", "Tickets", nil])
        #expect(report.diagnostics.filter { $0.contains("continued on") }.count == 2)

        let dump = try PythonReaders.xlsx(url)
        #expect(dump.sheets.map(\.name) == report.sheets.map(\.name))
        try #require(dump.sheets.count == 4)
        #expect(
            dump.sheets[1].cells.map { $0[0].value.string ?? String($0[0].value.number ?? -1) }
                == ["id", "5.0", "6.0", "7.0", "8.0"])
        #expect(dump.sheets[2].autofilter == "A1:A3")
        #expect(dump.sheets[2].freeze == "A2")
    }

    @Test func maxRowsCapsEachTable() throws {
        let folder = try TemporaryFolder()
        var table = Fixtures.chartTable(.bar)
        table.rows = (1...10).map { [.text("d\($0)"), .integer(Int64($0)), .null, .null] }
        let report = try XLSXExporter(maxRows: 3).write(table: table, to: folder.file("cap.xlsx"))
        #expect(report.droppedRows == 7)
        #expect(report.sheets.first?.dataRows == 3)
        #expect(report.diagnostics.contains { $0.contains("7 more were left out") })
        #expect(try PythonReaders.xlsx(folder.file("cap.xlsx")).sheets.first?.maxRow == 4)
    }

    @Test func sinkStreamsRowsIntoAWorkbook() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("sink.xlsx")
        let sink = try XLSXExporter().sink(to: url, sheetName: "Streamed")
        try sink.write(table: Fixtures.allFormats())
        #expect(sink.sheetName == "Streamed")
        #expect(sink.report?.sheets.first?.dataRows == 3)
        #expect(try PythonReaders.xlsx(url).sheets.first?.cell(1, 1)?.value.number == 1234)
    }
}

@Suite("XLSX pack")
struct XLSXPackTests {
    @Test func summaryFirstThenOneSheetPerTable() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("support-2026-10.xlsx")
        let pack = Fixtures.pack(tables: [Fixtures.chartTable(.bar), Fixtures.allFormats(), Fixtures.chartTable(.line)])
        let report = try XLSXExporter(timeZone: Fixtures.utc).write(pack: pack, to: url)
        #expect(
            report.sheets.map(\.name) == ["Summary", "Load by department", "All formats", "Load by department (2)"])

        let dump = try PythonReaders.xlsx(url)
        #expect(dump.sheets.map(\.name) == report.sheets.map(\.name))
        #expect(dump.properties.title == "Support report")
        #expect(dump.properties.subject == "Period 2026-10")

        try #require(dump.sheets.count == 4)
        let summary = dump.sheets[0]
        try #require(summary.cells.count >= 5)
        #expect(summary.cell(0, 0)?.value.string == "Support report")
        #expect(summary.cell(1, 1)?.value.string == "2026-10")
        #expect(summary.cell(2, 1)?.value.datetime == "2026-11-01 08:00:00")
        #expect(summary.cells[4].prefix(4).map(\.value.string) == ["Figure", "Value", "Previous", "Change"])

        // Tickets opened: 1,250 vs 1,000.
        #expect(summary.cell(5, 0)?.value.string == "Tickets opened")
        #expect(summary.cell(5, 1)?.value.number == 1250)
        #expect(summary.cell(5, 1)?.format == "#,##0")
        #expect(summary.cell(5, 2)?.value.number == 1000)
        #expect(summary.cell(5, 3)?.value.number == 250)
        #expect(summary.cell(5, 3)?.format == "+#,##0;-#,##0;0")
        // Median FRT as a duration; its change in hours (Excel cannot show negative [h]:mm).
        #expect(abs((summary.cell(6, 1)?.value.seconds ?? 0) - 5400) < 0.01)
        #expect(summary.cell(6, 1)?.format == "[h]:mm")
        #expect(summary.cell(6, 3)?.value.number == -0.5)
        // CSAT in percentage points.
        #expect(summary.cell(7, 1)?.format == "0.0%")
        #expect(abs((summary.cell(7, 3)?.value.number ?? 0) + 3) < 1e-9)
        // No previous value: no change.
        #expect(summary.cell(8, 2)?.value.isEmpty == true)
        #expect(summary.cell(8, 3)?.value.isEmpty == true)
        // The list of reports.
        #expect(summary.cell(10, 0)?.value.string == "Report")
        #expect(summary.cell(11, 0)?.value.string == "Load by department")
        #expect(summary.cell(11, 1)?.value.number == 3)

        #expect(dump.sheets[1].charts.first?.type == "barChart")
        #expect(dump.sheets[3].charts.first?.type == "lineChart")
        #expect(dump.sheets[3].charts.first?.values.first == "'Load by department (2)'!$B$2:$B$4")
    }
}

@Suite("XLSX failures leave nothing behind")
struct XLSXFailureTests {
    @Test func missingFolderThrowsBeforeWriting() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("missing/out.xlsx")
        #expect {
            try XLSXExporter().write(table: Fixtures.allFormats(), to: url)
        } throws: { error in
            guard let error = error as? ExportError else { return false }
            return error.kind == .file && error.message.contains("missing") && error.message.contains("does not exist")
        }
        #expect(try folder.contents().isEmpty)
    }

    @Test func parentThatIsAFileThrows() throws {
        let folder = try TemporaryFolder()
        try Data("x".utf8).write(to: folder.file("plain"))
        #expect(throws: ExportError.self) {
            try XLSXExporter().write(
                table: Fixtures.allFormats(), to: folder.file("plain").appendingPathComponent("o.xlsx"))
        }
        #expect(try folder.contents() == ["plain"])
    }

    @Test func targetThatIsAFolderFailsAtCommitAndCleansUp() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.file("taken.xlsx"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(
            at: folder.file("taken.xlsx").appendingPathComponent("inside"), withIntermediateDirectories: false)
        #expect(throws: ExportError.self) {
            try XLSXExporter().write(table: Fixtures.allFormats(), to: folder.file("taken.xlsx"))
        }
        #expect(try folder.contents() == ["taken.xlsx"])
    }

    @Test func badRowAbortsAndKeepsTheOldFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("report.xlsx")
        try Data("previous export".utf8).write(to: url)
        let writer = try XLSXWorkbookWriter(path: url, constantMemory: true)
        try writer.addSheet(name: "T", columns: [ResultColumn(name: "a")])
        try writer.append(row: [.integer(1)])
        #expect(throws: ExportError.self) { try writer.append(row: [.integer(1), .integer(2)]) }
        // The writer refuses further work instead of writing half a workbook.
        #expect(throws: ExportError.self) { try writer.close() }
        #expect(try folder.contents() == ["report.xlsx"])
        #expect(try String(contentsOf: url, encoding: .utf8) == "previous export")
    }

    @Test func folderRemovedBeforeCloseThrowsAtClose() throws {
        let folder = try TemporaryFolder()
        let inner = folder.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: false)
        let writer = try XLSXWorkbookWriter(path: inner.appendingPathComponent("r.xlsx"))
        try writer.addSheet(name: "T", columns: [ResultColumn(name: "a")])
        try writer.append(row: [.text("x")])
        try FileManager.default.removeItem(at: inner)
        #expect {
            try writer.close()
        } throws: { error in
            (error as? ExportError)?.kind == .xlsx
        }
        #expect(try folder.contents().isEmpty)
    }

    @Test func droppedWriterLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        do {
            let writer = try XLSXWorkbookWriter(path: folder.file("never.xlsx"), constantMemory: true)
            try writer.addSheet(name: "T", columns: [ResultColumn(name: "a")])
            try writer.append(row: [.integer(1)])
            #expect(try folder.contents().count == 1)  // the reserved temporary file
        }
        #expect(try folder.contents().isEmpty)
    }
}
