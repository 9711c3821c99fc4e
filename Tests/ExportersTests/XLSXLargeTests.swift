import Foundation
import Reporting
import Testing

@testable import Exporters

@Suite("XLSX large results")
struct XLSXLargeTests {
    @Test func twoHundredThousandRowsRoundTripInConstantMemory() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("big.xlsx")
        let rows = (1...200_000).map { [CellValue.integer(Int64($0)), .text("row-\($0)")] }
        let table = ResultTable(
            name: "big", title: "Big",
            columns: [ResultColumn(name: "id", format: .integer), ResultColumn(name: "label")], rows: rows)
        let report = try XLSXExporter().write(table: table, to: url)
        #expect(report.sheets.map(\.dataRows) == [200_000])
        #expect(try folder.contents() == ["big.xlsx"])

        // Constant-memory mode writes inline strings instead of a shared-string table.
        #expect(try PythonReaders.xlsxRawCounts(url).first?.inlineStrings == true)
        let check = try PythonReaders.xlsxSequentialCheck(url)
        #expect(check.sheets == ["Big"])
        #expect(check.dataRows == 200_000)
        #expect(check.allMatch, "first mismatch: \(String(describing: check.firstBad))")
    }

    @Test func pastExcelsRowLimitTheTableContinuesOnASecondSheet() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("huge.xlsx")
        let writer = try XLSXWorkbookWriter(path: url, constantMemory: true)
        try writer.addSheet(name: "Huge", columns: [ResultColumn(name: "n", format: .integer)])
        let total = 1_100_000
        var row: [CellValue] = [.null]
        for n in 1...total {
            row[0] = .integer(Int64(n))
            try writer.append(row: row)
        }
        let report = try writer.close()

        let firstSheetRows = XLSXWorkbookWriter.maxSheetRows - 1
        #expect(report.sheets.map(\.name) == ["Huge", "Huge (2)"])
        #expect(report.sheets.map(\.dataRows) == [firstSheetRows, total - firstSheetRows])
        #expect(report.diagnostics.count == 1)
        #expect(try folder.contents() == ["huge.xlsx"])

        let counts = try PythonReaders.xlsxRawCounts(url)
        #expect(counts.map(\.name) == ["Huge", "Huge (2)"])
        #expect(counts[0].rows == XLSXWorkbookWriter.maxSheetRows)
        #expect(counts[0].lastRow == XLSXWorkbookWriter.maxSheetRows)
        #expect(counts[0].numberCount == firstSheetRows)
        #expect(counts[0].firstNumber == 1)
        #expect(counts[0].lastNumber == Double(firstSheetRows))
        #expect(counts[1].rows == total - firstSheetRows + 1)
        #expect(counts[1].numberCount == total - firstSheetRows)
        #expect(counts[1].firstNumber == Double(firstSheetRows + 1))
        #expect(counts[1].lastNumber == Double(total))
        // Every value exactly once: the sums of 1…n split at the boundary.
        let sum = { (n: Int) in Double(n) * Double(n + 1) / 2 }
        #expect(counts[0].numberSum == sum(firstSheetRows))
        #expect(counts[1].numberSum == sum(total) - sum(firstSheetRows))
    }
}
