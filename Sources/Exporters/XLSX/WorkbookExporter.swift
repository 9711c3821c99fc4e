import Foundation
import Reporting

/// Writes several results as the sheets of one workbook (`ticketreport workbook`), each
/// streamed in constant memory and continued on "NAME (2)" past Excel's row limit. The file
/// appears only when every sheet was written.
///
/// ```swift
/// let plans = try specs.map { try $0.plan(catalog: catalog, arguments: arguments, filters: filters) }
/// let report = try WorkbookExporter(redaction: .none).write(plans, runner: runner, to: url)
/// ```
package struct WorkbookExporter: Sendable {
    package var maxRows: Int?
    package var redaction: PersonalDataRedaction
    package var properties: XLSXWorkbookWriter.Properties

    package init(
        maxRows: Int? = nil, redaction: PersonalDataRedaction,
        properties: XLSXWorkbookWriter.Properties = .init(title: "ticketreport workbook", author: "ticketreport")
    ) {
        self.maxRows = maxRows
        self.redaction = redaction
        self.properties = properties
    }

    /// Runs each plan and streams its rows into a sheet of one workbook at `url`, in order.
    /// A failure removes the partial file; the report says which sheets continued past
    /// Excel's row limit.
    package func write(_ plans: [SheetPlan], runner: ReportRunner, to url: URL) throws -> XLSXWriteReport {
        let writer = try XLSXWorkbookWriter(
            path: url, constantMemory: true, properties: properties, maxRows: maxRows)
        do {
            for plan in plans {
                let sheet = SheetSink(plan: plan, writer: writer, redaction: redaction)
                try plan.stream(with: runner, into: sheet)
                try sheet.finish()
            }
            return try writer.close()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// One sheet: named from the result's title (or the plan's name) once the header is known.
    private final class SheetSink: RowSink {
        let plan: SheetPlan
        let writer: XLSXWorkbookWriter
        let redaction: PersonalDataRedaction
        var sheet: XLSXSheetSink?
        var redact: (([CellValue]) -> [CellValue])?

        init(plan: SheetPlan, writer: XLSXWorkbookWriter, redaction: PersonalDataRedaction) {
            self.plan = plan
            self.writer = writer
            self.redaction = redaction
        }

        func begin(_ header: ResultTable) throws {
            let sheet = writer.sink(sheetName: plan.sheetName(title: header.title), chart: header.chart)
            self.sheet = sheet
            redact = redaction.rowRedactor(for: header.columns)
            try sheet.begin(header)
        }

        func append(_ row: [CellValue]) throws { try sheet?.append(redact.map { $0(row) } ?? row) }
        func finish() throws { try sheet?.finish() }
        func abort() { writer.abort() }
    }
}
