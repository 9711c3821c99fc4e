import Foundation
import Reporting

/// Writes result tables and report packs as .xlsx workbooks.
///
/// A pack becomes a "Summary" sheet followed by one sheet per table, named after the table's
/// title. Workbooks with a table of `constantMemoryThreshold` rows or more are written in
/// libxlsxwriter's constant-memory mode. For example:
///
/// ```swift
/// let report = try XLSXExporter().write(pack: pack, to: URL(fileURLWithPath: "support-2026-10.xlsx"))
/// let notes = report.diagnostics   // the caller shows them; the exporter never prints
/// ```
package struct XLSXExporter: Sendable {
    /// At most this many data rows per table; nil for all.
    package var maxRows: Int?
    /// Tables with this many rows or more switch the workbook to constant-memory mode.
    package var constantMemoryThreshold: Int
    /// The zone the pack's generation time is shown in.
    package var timeZone: TimeZone
    /// Page setup for printing and links between sheets (see `XLSXWorkbookWriter.printSetup`).
    package var printSetup = true

    package init(maxRows: Int? = nil, constantMemoryThreshold: Int = 100_000, timeZone: TimeZone = .current) {
        self.maxRows = maxRows
        self.constantMemoryThreshold = constantMemoryThreshold
        self.timeZone = timeZone
    }

    /// Writes a pack: the summary sheet first, then one sheet per table.
    @discardableResult
    package func write(pack: ReportPack, to url: URL) throws -> XLSXWriteReport {
        let writer = try XLSXWorkbookWriter(
            path: url,
            constantMemory: pack.tables.contains { $0.rows.count >= constantMemoryThreshold },
            properties: .init(
                title: pack.title, subject: "Period \(pack.period)", author: "ticketreport", created: pack.generatedAt),
            maxRows: maxRows)
        writer.printHeading = pack.period.isEmpty ? pack.title : "\(pack.title) · \(pack.period)"
        writer.printSetup = printSetup
        do {
            try writer.addSummarySheet(for: pack, timeZone: timeZone)
            for table in pack.tables {
                try writeSheet(table, into: writer)
            }
            return try writer.close()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Writes one report as a one-sheet workbook.
    @discardableResult
    package func write(table: ResultTable, to url: URL, generatedAt: Date = Date()) throws -> XLSXWriteReport {
        let parameters = table.parameters.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
        let writer = try XLSXWorkbookWriter(
            path: url,
            constantMemory: table.rows.count >= constantMemoryThreshold,
            properties: .init(
                title: table.title, subject: parameters.isEmpty ? table.description : parameters,
                author: "ticketreport", created: generatedAt),
            maxRows: maxRows)
        // The page header's right part is the title already; the left names the parameters.
        writer.printHeading = parameters
        do {
            try writeSheet(table, into: writer)
            return try writer.close()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// A `RowSink` that streams rows into a new one-sheet workbook at `url`; `finish()` writes it.
    ///
    /// Use it when rows come from a cursor and their number is unknown: pass `constantMemory: true`
    /// for anything that may be large.
    package func sink(
        to url: URL, sheetName: String, chart: ChartSpec? = nil, constantMemory: Bool = true,
        properties: XLSXWorkbookWriter.Properties = .init()
    ) throws -> XLSXSheetSink {
        let writer = try XLSXWorkbookWriter(
            path: url, constantMemory: constantMemory, properties: properties, maxRows: maxRows)
        return XLSXSheetSink(writer: writer, sheetName: sheetName, chart: chart, closesWorkbook: true)
    }

    private func writeSheet(_ table: ResultTable, into writer: XLSXWorkbookWriter) throws {
        try writer.addSheet(
            name: table.title.isEmpty ? table.name : table.title, columns: table.columns, chart: table.chart)
        for row in table.rows {
            try writer.append(row: row)
        }
    }
}
