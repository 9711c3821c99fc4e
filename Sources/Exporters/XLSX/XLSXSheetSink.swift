import Reporting

/// A `RowSink` that streams rows into one sheet of an `XLSXWorkbookWriter`.
///
/// Made by `XLSXWorkbookWriter.sink(sheetName:chart:)` (the caller closes the workbook) or
/// `XLSXExporter.sink(to:sheetName:chart:constantMemory:)` (`finish()` closes it and the file
/// appears).
package final class XLSXSheetSink: RowSink {
    package let writer: XLSXWorkbookWriter
    private let proposedName: String
    private let chart: ChartSpec?
    private let closesWorkbook: Bool

    /// The sheet's actual name once `begin(_:)` ran.
    package private(set) var sheetName: String?
    /// What was written, once `finish()` closed the workbook (sinks that own their workbook only).
    package private(set) var report: XLSXWriteReport?

    init(writer: XLSXWorkbookWriter, sheetName: String, chart: ChartSpec?, closesWorkbook: Bool) {
        self.writer = writer
        self.proposedName = sheetName
        self.chart = chart
        self.closesWorkbook = closesWorkbook
    }

    package func begin(_ header: ResultTable) throws {
        sheetName = try writer.addSheet(name: proposedName, columns: header.columns, chart: chart)
    }

    package func append(_ row: [CellValue]) throws {
        try writer.append(row: row)
    }

    package func finish() throws {
        if closesWorkbook {
            report = try writer.close()
        } else {
            try writer.finishCurrentSheet()
        }
    }

    package func abort() {
        writer.abort()
    }
}

extension XLSXWorkbookWriter {
    /// A `RowSink` that writes one new sheet of this workbook; `finish()` completes the sheet,
    /// and the caller still calls `close()`.
    package func sink(sheetName: String, chart: ChartSpec? = nil) -> XLSXSheetSink {
        XLSXSheetSink(writer: self, sheetName: sheetName, chart: chart, closesWorkbook: false)
    }
}
