import Reporting

/// A consumer of result rows that writes them out as they arrive, without holding them.
///
/// Call `begin(columns:)` once, `append(_:)` for each row in order, then `finish()`, which
/// completes the output (for a file: renames it onto its target). If anything throws, the
/// sink has already removed its partial output; call `abort()` when the *producer* fails so
/// the sink can do the same. For example, from a SQLite cursor:
///
/// ```swift
/// let sink = CSVWriter(output: try .file(url))
/// try sink.begin(columns: columns)
/// while let row = try cursor.next() { try sink.append(row) }
/// try sink.finish()
/// ```
public protocol RowSink: AnyObject {
    /// Starts the output with its columns (a header row, a sheet, a JSON preamble).
    func begin(columns: [ResultColumn]) throws
    /// Writes one row; cells line up with the columns given to `begin(columns:)`.
    func append(_ row: [CellValue]) throws
    /// Completes the output.
    func finish() throws
    /// Gives up: removes any partial output. Safe to call more than once.
    func abort()
}

extension RowSink {
    /// Writes a whole result table: `begin`, every row, `finish`; on failure the output is dropped.
    public func write(table: ResultTable) throws {
        do {
            try begin(columns: table.columns)
            for row in table.rows { try append(row) }
            try finish()
        } catch {
            abort()
            throw error
        }
    }
}
