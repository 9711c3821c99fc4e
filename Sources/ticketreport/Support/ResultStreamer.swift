import Exporters
import Foundation
import Reporting

/// Writes one streamed result in one format without holding it: rows go from the SQLite
/// cursor straight into the XLSX (constant-memory), CSV or JSON writer. HTML and the
/// terminal table keep only the first `displayCap` rows and count the rest.
///
/// Files appear whole or not at all: every writer works on a temporary file that is
/// renamed onto the target only when the last row was written.
struct ResultStreamer {
    /// HTML pages and terminal tables show at most this many rows unless `--max-rows` says otherwise.
    static let displayCap = 10_000

    var format: OutputFormat
    /// The file to write; nil for standard output (csv, json, table).
    var path: String?
    /// `--max-rows`: the rows after this many are counted, not written.
    var maxRows: Int?
    var redaction: Redaction

    /// What was written, for the summary line.
    struct Summary {
        /// Rows the query produced.
        var rows = 0
        /// Rows written (fewer when capped).
        var written = 0
        /// Sheets of an XLSX file, with their data rows.
        var sheets: [XLSXWriteReport.Sheet] = []
        /// Things the user should know: continuation sheets, caps, truncated cells.
        var notes: [String] = []
    }

    /// Runs `stream` (a ``ReportRunner`` stream call) into the output.
    func write(
        stream: (_ header: (ResultTable) throws -> Void, _ row: ([CellValue]) throws -> Void) throws -> Int
    ) throws -> Summary {
        switch format {
        case .csv, .json, .xlsx: return try writeStreaming(stream)
        case .html, .table: return try writeCapped(stream)
        }
    }

    // MARK: - Private

    private var url: URL? { path.map { URL(fileURLWithPath: $0) } }

    private func writeStreaming(
        _ stream: (_ header: (ResultTable) throws -> Void, _ row: ([CellValue]) throws -> Void) throws -> Int
    ) throws -> Summary {
        var summary = Summary()
        var sink: (any RowSink)?
        var redact: (([CellValue]) -> [CellValue])?
        // XLSX applies the cap itself (and says so per sheet); CSV and JSON are capped here.
        let cap = format == .xlsx ? nil : maxRows
        do {
            let rows = try stream(
                { header in
                    // The file is only created once the statement has been accepted and prepared.
                    let writer = try makeSink(for: header)
                    sink = writer
                    redact = redaction.rowRedactor(for: header.columns)
                    try writer.begin(columns: header.columns)
                },
                { row in
                    guard let sink else { return }
                    if let cap, summary.written >= cap { return }
                    summary.written += 1
                    try sink.append(redact.map { $0(row) } ?? row)
                })
            summary.rows = rows
            try sink?.finish()
        } catch {
            sink?.abort()
            throw error
        }
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
        return summary
    }

    private func makeSink(for header: ResultTable) throws -> any RowSink {
        switch format {
        case .csv:
            return CSVWriter(output: try url.map { try ExportOutput.file($0) } ?? .standardOutput())
        case .json:
            return JSONWriter(
                output: try url.map { try ExportOutput.file($0) } ?? .standardOutput(), report: header.name,
                parameters: header.parameters)
        case .xlsx:
            guard let url else { throw CLIError.usage("--format xlsx writes a file: add -o FILE") }
            let parameters = header.parameters.filter { !$0.value.isEmpty }.map { "\($0.name) = \($0.value)" }
            return try XLSXExporter(maxRows: maxRows).sink(
                to: url, sheetName: header.title.isEmpty ? header.name : header.title, chart: header.chart,
                constantMemory: true,
                properties: .init(
                    title: header.title,
                    subject: parameters.isEmpty ? header.description : parameters.joined(separator: ", "),
                    author: "ticketreport"))
        case .html, .table:
            throw CLIError.fatal("internal error: \(format.rawValue) output is not streamed")
        }
    }

    private func writeCapped(
        _ stream: (_ header: (ResultTable) throws -> Void, _ row: ([CellValue]) throws -> Void) throws -> Int
    ) throws -> Summary {
        let cap = maxRows ?? Self.displayCap
        var table: ResultTable?
        var redact: (([CellValue]) -> [CellValue])?
        var summary = Summary()
        let rows = try stream(
            { header in
                table = header
                redact = redaction.rowRedactor(for: header.columns)
            },
            { row in
                guard table != nil, summary.written < cap else { return }
                summary.written += 1
                table?.rows.append(redact.map { $0(row) } ?? row)
            })
        summary.rows = rows
        guard let table else { return summary }
        // The terminal table says so in its last line; a page written to a file is not seen yet.
        if format == .html, summary.written < summary.rows {
            let hint = maxRows == nil ? "--max-rows N to change; --format xlsx or csv for all of them" : "--max-rows"
            summary.notes.append(
                "the page shows the first \(grouped(summary.written)) of \(grouped(summary.rows)) rows (\(hint))")
        }
        if format == .html {
            guard let url else { throw CLIError.usage("--format html writes a file: add -o FILE") }
            try HTMLExporter(maxRowsPerTable: nil).write(table: table, to: url, totalRows: summary.rows)
        } else {
            let shown = table.parameters.filter { !$0.value.isEmpty }.map { "\($0.name) \($0.value)" }
            let heading = table.title + (shown.isEmpty ? "" : " (\(shown.joined(separator: ", ")))")
            let text = heading + "\n\n" + TerminalTable.render(table: table, totalRows: summary.rows)
            if let url {
                try Data(text.utf8).write(to: url, options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        return summary
    }

    private func grouped(_ number: Int) -> String {
        ValueFormatter.format(.integer(Int64(number)), as: .integer)
    }
}

extension ResultStreamer.Summary {
    /// `Wrote tickets.xlsx: 1,204 rows` (with the sheets when there are several), then the notes.
    func report(path: String?) {
        if let path {
            var line = "Wrote \(path): \(rowText(written))"
            if sheets.count > 1 {
                line += " on \(sheets.count) sheets ("
                line += sheets.map { "\"\($0.name)\" \(rowText($0.dataRows))" }.joined(separator: ", ") + ")"
            }
            Terminal.out(line)
        }
        for note in notes { Terminal.note("Note: \(note)") }
    }

    private func rowText(_ count: Int) -> String {
        count == 1 ? "1 row" : "\(ValueFormatter.format(.integer(Int64(count)), as: .integer)) rows"
    }
}
