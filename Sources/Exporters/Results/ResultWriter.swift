import Foundation
import Reporting

/// Writes one result in one format as its rows stream in: rows go from the SQLite cursor
/// straight into the XLSX (constant-memory), CSV or JSON writer. HTML and the terminal
/// table keep only the first ``displayCap`` rows (or `maxRows`) and count the rest.
///
/// It is the ``RowSink`` a command hands ``ReportRunner``; files appear whole or not at all
/// (every writer works on a temporary file renamed onto the target when the last row was
/// written). For example:
///
/// ```swift
/// let writer = ResultWriter(format: .xlsx, path: "sla.xlsx", redaction: .none)
/// let summary = try writer.write { try runner.stream(definition, arguments: arguments, into: $0) }
/// summary.lines(path: "sla.xlsx")   // ["Wrote sla.xlsx: 12 rows"], and notes
/// ```
package final class ResultWriter: RowSink {
    /// HTML pages and terminal tables show at most this many rows unless `maxRows` says otherwise.
    package static let displayCap = 10_000

    /// What was written, for the summary line.
    package struct Summary: Sendable, Equatable {
        /// Rows the query produced.
        package var rows = 0
        /// Rows written (fewer when capped).
        package var written = 0
        /// Sheets of an XLSX file, with their data rows.
        package var sheets: [XLSXWriteReport.Sheet] = []
        /// Things the user should know: continuation sheets, caps, truncated cells.
        package var notes: [String] = []

        package init() {}

        /// What a workbook of several results wrote: its sheets, their rows, its notes.
        package init(workbook report: XLSXWriteReport) {
            sheets = report.sheets
            written = report.sheets.reduce(0) { $0 + $1.dataRows }
            notes = report.diagnostics
        }

        /// `Wrote tickets.xlsx: 1,204 rows` (with the sheets when there are several) for a
        /// file; nothing for standard output.
        package func line(path: String?) -> String? {
            guard let path else { return nil }
            var line = "Wrote \(path): \(Self.rowText(written))"
            if sheets.count > 1 {
                line += " on \(sheets.count) sheets ("
                line += sheets.map { "\"\($0.name)\" \(Self.rowText($0.dataRows))" }.joined(separator: ", ") + ")"
            }
            return line
        }

        static func rowText(_ count: Int) -> String {
            count == 1 ? "1 row" : "\(grouped(count)) rows"
        }
    }

    package let format: OutputFormat
    /// The file to write; nil for standard output (csv, json, table).
    package let path: String?
    /// The rows after this many are counted, not written.
    package let maxRows: Int?
    package let redaction: PersonalDataRedaction

    /// What was written so far; complete after `finish()`.
    package private(set) var summary = Summary()
    private var sink: (any RowSink)?
    private var capped: ResultTable?
    private var redact: (([CellValue]) -> [CellValue])?

    /// - Parameters:
    ///   - path: the file to write, or nil for standard output (where only text, CSV and JSON go).
    ///   - maxRows: rows written at most; the summary says how many more there were.
    package init(format: OutputFormat, path: String?, maxRows: Int? = nil, redaction: PersonalDataRedaction) {
        self.format = format
        self.path = path
        self.maxRows = maxRows
        self.redaction = redaction
    }

    /// Runs `produce` (a ``ReportRunner`` call streaming into this writer), then completes
    /// the output; on any failure the partial output is removed.
    package func write(_ produce: (ResultWriter) throws -> Int) throws -> Summary {
        do {
            summary.rows = try produce(self)
            try finish()
        } catch {
            abort()
            throw error
        }
        return summary
    }

    private var url: URL? { path.map { URL(fileURLWithPath: $0) } }
    private var isStreaming: Bool { format == .csv || format == .json || format == .xlsx }

    package func begin(_ header: ResultTable) throws {
        redact = redaction.rowRedactor(for: header.columns)
        if isStreaming {
            // The file is created only once the statement has been accepted and prepared.
            let writer = try makeSink(for: header)
            sink = writer
            try writer.begin(header)
        } else {
            capped = header
        }
    }

    package func append(_ row: [CellValue]) throws {
        let row = redact.map { $0(row) } ?? row
        if isStreaming {
            // XLSX applies the cap itself (and says so per sheet); CSV and JSON are capped here.
            if format != .xlsx, let maxRows, summary.written >= maxRows { return }
            summary.written += 1
            try sink?.append(row)
        } else {
            guard summary.written < (maxRows ?? Self.displayCap) else { return }
            summary.written += 1
            capped?.rows.append(row)
        }
    }

    package func finish() throws {
        if isStreaming {
            try sink?.finish()
            noteStreamed()
        } else if let capped {
            try writeCapped(capped)
        }
    }

    package func abort() {
        sink?.abort()
    }

    private func noteStreamed() {
        if let sheetSink = sink as? XLSXSheetSink, let report = sheetSink.report {
            summary.sheets = report.sheets
            summary.written = summary.rows - report.droppedRows
            summary.notes += report.diagnostics
            if report.truncatedCells > 0 {
                summary.notes.append(
                    "\(report.truncatedCells) text cells were cut to Excel's 32,767 characters (CSV and JSON keep them whole)"
                )
            }
        } else if summary.written < summary.rows {
            summary.notes.append(
                "wrote the first \(grouped(summary.written)) of \(grouped(summary.rows)) rows (--max-rows)")
        }
    }

    private func makeSink(for header: ResultTable) throws -> any RowSink {
        switch format {
        case .csv:
            return CSVWriter(output: try url.map { try ExportOutput.file($0) } ?? .standardOutput())
        case .json:
            return JSONWriter(output: try url.map { try ExportOutput.file($0) } ?? .standardOutput())
        case .xlsx:
            guard let url else { throw ExportError(.invalidInput, "--format xlsx writes a file: add -o FILE") }
            let parameters = header.parameters.filter { !$0.value.isEmpty }.map { "\($0.name) = \($0.value)" }
            return try XLSXExporter(maxRows: maxRows).sink(
                to: url, sheetName: header.title.isEmpty ? header.name : header.title, chart: header.chart,
                constantMemory: true,
                properties: .init(
                    title: header.title,
                    subject: parameters.isEmpty ? header.description : parameters.joined(separator: ", "),
                    author: "ticketreport"))
        case .html, .table:
            throw ExportError.misuse("\(format.rawValue) output is not streamed")
        }
    }

    private func writeCapped(_ table: ResultTable) throws {
        // The terminal table says so in its last line; a page written to a file is not seen yet.
        if format == .html, summary.written < summary.rows {
            let hint = maxRows == nil ? "--max-rows N to change; --format xlsx or csv for all of them" : "--max-rows"
            summary.notes.append(
                "the page shows the first \(grouped(summary.written)) of \(grouped(summary.rows)) rows (\(hint))")
        }
        if format == .html {
            guard let url else { throw ExportError(.invalidInput, "--format html writes a file: add -o FILE") }
            try HTMLExporter(maxRowsPerTable: nil).write(table: table, to: url, totalRows: summary.rows)
            return
        }
        let shown = table.parameters.filter { !$0.value.isEmpty }.map { "\($0.name) \($0.value)" }
        let heading = table.title + (shown.isEmpty ? "" : " (\(shown.joined(separator: ", ")))")
        let text = heading + "\n\n" + TerminalTable.render(table: table, totalRows: summary.rows)
        let output = try url.map { try ExportOutput.file($0) } ?? .standardOutput()
        try output.write(text)
        try output.finish()
    }
}

/// `1,204`: counts in messages.
func grouped(_ number: Int) -> String {
    ValueFormatter.format(.integer(Int64(number)), as: .integer)
}
