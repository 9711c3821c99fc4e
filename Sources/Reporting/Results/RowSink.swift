/// Where a result's rows go as they are read: the one consumer every result feeds, whether
/// it is collected into a table (``TableCollector``), streamed into a file (the exporters'
/// CSV, JSON and XLSX writers) or into a workbook's sheet.
///
/// `begin(_:)` comes once with the result's header (name, title, columns, parameters,
/// chart; no rows), then `append(_:)` for each row in order, then `finish()`, which
/// completes the output (for a file: renames it onto its target). If anything throws, the
/// sink has already removed its partial output; call `abort()` when the *producer* fails so
/// the sink can do the same. ``ReportRunner`` drives it:
///
/// ```swift
/// let sink = CSVWriter(output: try .file(url))
/// try runner.stream(definition, arguments: arguments, into: sink)
/// try sink.finish()
/// ```
package protocol RowSink: AnyObject {
    /// Starts the output: a header row, a sheet, a JSON preamble.
    func begin(_ header: ResultTable) throws
    /// Takes one row; cells line up with the header's columns.
    func append(_ row: [CellValue]) throws
    /// Completes the output.
    func finish() throws
    /// Gives up: removes any partial output. Safe to call more than once.
    func abort()
}

extension RowSink {
    /// Starts the output from columns alone (a result without a name or title).
    package func begin(columns: [ResultColumn]) throws {
        try begin(ResultTable(name: "", title: "", columns: columns, rows: []))
    }

    /// Hands over a whole result table, `begin` and every row, without finishing; returns
    /// the number of rows.
    @discardableResult
    package func send(_ table: ResultTable) throws -> Int {
        var header = table
        header.rows = []
        try begin(header)
        for row in table.rows { try append(row) }
        return table.rows.count
    }

    /// Writes a whole result table: `begin`, every row, `finish`; on failure the output is dropped.
    package func write(table: ResultTable) throws {
        do {
            try send(table)
            try finish()
        } catch {
            abort()
            throw error
        }
    }
}

/// A sink that keeps every row: a result as a ``ResultTable``.
package final class TableCollector: RowSink {
    /// The header given to `begin(_:)` with the rows appended since.
    package private(set) var table: ResultTable?

    package init() {}

    package func begin(_ header: ResultTable) throws { table = header }
    package func append(_ row: [CellValue]) throws { table?.rows.append(row) }
    package func finish() throws {}
    package func abort() {}
}

/// A sink that hands the header and each row to closures, for callers that only look.
package final class RowHandler: RowSink {
    private let header: (ResultTable) throws -> Void
    private let row: ([CellValue]) throws -> Void

    package init(header: @escaping (ResultTable) throws -> Void, row: @escaping ([CellValue]) throws -> Void) {
        self.header = header
        self.row = row
    }

    package func begin(_ header: ResultTable) throws { try self.header(header) }
    package func append(_ row: [CellValue]) throws { try self.row(row) }
    package func finish() throws {}
    package func abort() {}
}
