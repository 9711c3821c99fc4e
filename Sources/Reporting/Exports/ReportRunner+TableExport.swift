import Foundation
import GRDB
import TicketStore

extension ReportRunner {
    /// Runs a table export and hands each row to `row` as SQLite produces it, never holding
    /// the result; `header` gets the columns (no rows) before the first row.
    ///
    /// The statement runs in one read transaction on the store's read-only connection, so a
    /// concurrent ingest never shows half a ticket. Errors thrown by the closures are
    /// rethrown unchanged; SQLite's are a ``ReportError``. For example, to CSV:
    ///
    ///     let export = try TableExport(.replies, columns: ["ticket_id", "created_at", "rating"])
    ///     let sink = CSVWriter(output: try .file(url))
    ///     try runner.stream(export) { try sink.begin(columns: $0.columns) } row: { try sink.append($0) }
    ///     try sink.finish()
    ///
    /// - Returns: the number of rows.
    @discardableResult
    public func stream(
        _ export: TableExport, header: (ResultTable) throws -> Void, row: ([CellValue]) throws -> Void
    ) throws -> Int {
        var count = 0
        do {
            try store.reader.read { db in
                let statement = try db.makeStatement(sql: export.sql)
                guard statement.isReadonly else {
                    throw ReportError(.queryRefused, Self.readOnlyRefusal)
                }
                try header(Self.header(for: export))
                let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(export.arguments))
                while try cursor.next() != nil {
                    count += 1
                    try row(statement.currentCells())
                }
            }
        } catch let error as DatabaseError {
            throw ReportError(.sql, "export \(export.kind.rawValue): \(Self.describe(error))")
        }
        return count
    }

    /// Runs a table export and collects its rows (for small exports and tests).
    public func run(_ export: TableExport) throws -> ResultTable {
        var table = Self.header(for: export)
        try stream(export) { _ in
        } row: {
            table.rows.append($0)
        }
        return table
    }

    /// The result's metadata: the kind's title, the filters as parameters, the typed columns.
    static func header(for export: TableExport) -> ResultTable {
        ResultTable(
            name: export.kind.rawValue, title: export.kind.title,
            description: "ticketreport export \(export.kind.rawValue)", parameters: export.parameters,
            columns: export.resultColumns, rows: [])
    }
}
