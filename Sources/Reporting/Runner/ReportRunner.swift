import Foundation
import GRDB
import TicketStore

/// Runs report definitions and ad-hoc SQL on a store into typed ``ResultTable``s.
///
/// Open the store read-only with the configuration's SQL functions, then run:
///
///     let store = try config.openStore()
///     let runner = ReportRunner(store: store)
///     let table = try runner.run(try catalog.definition(named: "response-times"),
///                                arguments: ReportArguments(month: try ReportMonth(parsing: "2026-10")))
///
/// Every statement is checked with `sqlite3_stmt_readonly` before it runs, on top of the
/// read-only connection, and parameters are always bound, never spliced into the SQL.
public struct ReportRunner: Sendable {
    public let store: TicketStore
    /// How many leading rows ``stream(_:arguments:header:row:)`` looks at to infer the
    /// format of columns the header does not declare.
    public var typingSampleSize: Int

    public init(store: TicketStore, typingSampleSize: Int = 100) {
        self.store = store
        self.typingSampleSize = max(1, typingSampleSize)
    }

    /// The message `query` gives for anything but one read-only statement.
    public static let readOnlyRefusal = "query refused: only read-only SQL (SELECT/WITH) runs through `query`"

    // MARK: - Reports

    /// Resolves the arguments against the report's declared parameters (types, defaults,
    /// the default month) without running anything.
    public func bind(_ definition: ReportDefinition, arguments: ReportArguments = ReportArguments()) throws(ReportError)
        -> BoundParameters
    {
        let store = self.store
        let binder = ParameterBinder(
            subject: "report \"\(definition.name)\"", parameters: definition.parameters,
            defaultMonth: { () throws(ReportError) -> ReportMonth in try ReportMonth.lastComplete(in: store) })
        return try binder.bind(arguments, undeclared: definition.undeclaredParameterNames)
    }

    /// Runs a report and collects all its rows.
    ///
    /// Columns take their label and format from the header's `columns:`; the others are
    /// inferred from the values (integers → integer, other numbers → number, store
    /// timestamps → datetime, `YYYY-MM-DD` → date, else text).
    public func run(_ definition: ReportDefinition, arguments: ReportArguments = ReportArguments()) throws(ReportError)
        -> ResultTable
    {
        let bound = try bind(definition, arguments: arguments)
        return try collect(definition, bound: bound)
    }

    /// Runs a report and hands each row to `row` as it is read, without holding the result
    /// in memory; `header` gets the result's metadata (no rows) before the first row.
    ///
    /// Both closures run inside the read transaction. Undeclared column formats are
    /// inferred from the first ``typingSampleSize`` rows. Errors thrown by the closures
    /// are rethrown unchanged; everything else is a ``ReportError``.
    ///
    /// - Returns: the number of rows.
    @discardableResult
    public func stream(
        _ definition: ReportDefinition, arguments: ReportArguments = ReportArguments(),
        header: (ResultTable) throws -> Void, row: ([CellValue]) throws -> Void
    ) throws -> Int {
        let bound = try bind(definition, arguments: arguments)
        return try streamBound(definition, bound: bound, header: header, row: row)
    }

    // MARK: - Ad-hoc SQL

    /// Runs one read-only statement (`SELECT`, `WITH … SELECT`, `VALUES`) typed by the user.
    ///
    /// Writes, `ATTACH`, `PRAGMA` and several statements are refused before SQLite runs
    /// anything. `:names` are bound from `params` (numbers as numbers, like the sqlite3
    /// shell's `.param set`); SQL with a YAML header uses its declared parameters.
    ///
    ///     let table = try runner.runQuery(sql: "SELECT status, count(*) AS n FROM tickets GROUP BY status")
    public func runQuery(sql: String, params: [String: String] = [:]) throws(ReportError) -> ResultTable {
        try runQuery(sql: sql, arguments: ReportArguments(values: params))
    }

    /// ``runQuery(sql:params:)`` with a period: `:month_start` and friends follow
    /// `arguments.month`, `:from`/`:to` follow `arguments.from`/`to`.
    public func runQuery(sql: String, arguments: ReportArguments, name: String = "query", file: String? = nil)
        throws(ReportError) -> ResultTable
    {
        let (definition, bound) = try prepareQuery(sql: sql, arguments: arguments, name: name, file: file)
        return try collect(definition, bound: bound)
    }

    /// The streaming form of ``runQuery(sql:arguments:name:file:)``.
    @discardableResult
    public func streamQuery(
        sql: String, arguments: ReportArguments = ReportArguments(), name: String = "query", file: String? = nil,
        header: (ResultTable) throws -> Void, row: ([CellValue]) throws -> Void
    ) throws -> Int {
        let (definition, bound) = try prepareQuery(sql: sql, arguments: arguments, name: name, file: file)
        return try streamBound(definition, bound: bound, header: header, row: row)
    }

    private func prepareQuery(sql: String, arguments: ReportArguments, name: String, file: String?) throws(ReportError)
        -> (ReportDefinition, BoundParameters)
    {
        let scan = SQLScan(sql)
        guard let keyword = scan.firstKeyword else {
            throw ReportError(.queryRefused, "query is empty: write one SELECT statement", file: file)
        }
        if let line = scan.secondStatementLine {
            throw ReportError(
                .queryRefused, "query refused: one statement at a time (a second statement starts on line \(line))",
                file: file)
        }
        guard ReportDefinition.readOnlyKeywords.contains(keyword) else {
            throw ReportError(.queryRefused, Self.readOnlyRefusal, file: file)
        }
        var definition = try ReportDefinition(name: name, file: file ?? "", text: sql, implicitParameters: true)
        if !definition.hasHeader { definition.title = file.map { _ in name } ?? "Query" }
        let bound = try bind(definition, arguments: arguments)
        for missing in definition.undeclaredParameterNames where bound.values[missing] == nil {
            throw ReportError(.invalidParameter, "query uses :\(missing); give --param \(missing)=…", file: file)
        }
        return (definition, bound)
    }

    // MARK: - Execution

    private func collect(_ definition: ReportDefinition, bound: BoundParameters) throws(ReportError) -> ResultTable {
        var rows: [[CellValue]] = []
        var names: [String] = []
        var declared: [String?] = []
        var chart: ChartSpec?
        do {
            try execute(definition, bound: bound) { columnNames, declaredTypes in
                names = columnNames
                declared = declaredTypes
                // Checked on the prepared statement, before any row is read.
                chart = try definition.resolveChart(columnNames: columnNames)
            } row: {
                rows.append($0)
            }
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError(.sql, "\(Self.subject(definition)): \(Self.describe(error))", file: definition.errorFile)
        }
        let columns = names.enumerated().map { index, name in
            column(name, of: definition) {
                ColumnTyping.infer(rows.lazy.map { $0[index] }, name: name, declaredType: declared[index])
            }
        }
        return ResultTable(
            name: definition.name, title: definition.title, description: definition.description,
            parameters: bound.display, columns: columns, rows: rows, chart: chart)
    }

    private func streamBound(
        _ definition: ReportDefinition, bound: BoundParameters, header: (ResultTable) throws -> Void,
        row: ([CellValue]) throws -> Void
    ) throws -> Int {
        var names: [String] = []
        var declared: [String?] = []
        var sample: [[CellValue]] = []
        var started = false
        var count = 0
        let sampleSize = typingSampleSize

        func start() throws {
            started = true
            let chart = try definition.resolveChart(columnNames: names)
            let columns = names.enumerated().map { index, name in
                column(name, of: definition) {
                    ColumnTyping.infer(sample.lazy.map { $0[index] }, name: name, declaredType: declared[index])
                }
            }
            try header(
                ResultTable(
                    name: definition.name, title: definition.title, description: definition.description,
                    parameters: bound.display, columns: columns, rows: [], chart: chart))
            for buffered in sample { try row(buffered) }
            sample = []
        }

        do {
            try execute(definition, bound: bound) { columnNames, declaredTypes in
                names = columnNames
                declared = declaredTypes
                // The chart is checked before the first row, so a broken header fails fast.
                _ = try definition.resolveChart(columnNames: columnNames)
            } row: { values in
                count += 1
                if started {
                    try row(values)
                } else {
                    sample.append(values)
                    if sample.count >= sampleSize { try start() }
                }
            }
            if !started { try start() }
        } catch let error as DatabaseError {
            throw ReportError(.sql, "\(Self.subject(definition)): \(Self.describe(error))", file: definition.errorFile)
        }
        return count
    }

    private func column(_ name: String, of definition: ReportDefinition, infer: () -> ColumnFormat) -> ResultColumn {
        let spec = definition.columns.first { $0.name == name }
        return ResultColumn(name: name, label: spec?.label, format: spec?.format ?? infer())
    }

    /// Prepares the statement, refuses anything that could write, binds and iterates a cursor.
    ///
    /// `columns` gets the result's column names and their declared SQLite types (nil for
    /// expressions), before any row.
    private func execute(
        _ definition: ReportDefinition, bound: BoundParameters, columns: ([String], [String?]) throws -> Void,
        row: ([CellValue]) throws -> Void
    ) throws {
        try store.reader.read { db in
            let statement = try db.makeStatement(sql: definition.sql)
            guard statement.isReadonly else {
                throw ReportError(.queryRefused, Self.readOnlyRefusal, file: definition.errorFile)
            }
            try columns(statement.columnNames, statement.declaredTypes)
            let arguments = bound.statementArguments(for: definition.usedParameterNames)
            let cursor = try Row.fetchCursor(statement, arguments: arguments)
            while try cursor.next() != nil {
                try row(statement.currentCells())
            }
        }
    }

    static func subject(_ definition: ReportDefinition) -> String {
        definition.name == "query" ? "query" : "report \"\(definition.name)\""
    }

    /// SQLite's own message, without the SQL or the arguments GRDB may append.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            let message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
            if message.hasPrefix("no such function: is_closed") || message.hasPrefix("no such function: sla_") {
                return "SQLite error: \(message) (open the store with the configuration's functions)"
            }
            return "SQLite error: \(message)"
        }
        if let error = error as? StoreError { return error.message }
        return String(describing: error)
    }
}

extension CellValue {
    /// SQLite's value as a cell; blobs become their UTF-8 text, or a hex literal when not UTF-8.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data):
            if let text = String(data: data, encoding: .utf8) {
                self = .text(text)
            } else {
                self = .text("x'" + data.map { String(format: "%02X", $0) }.joined() + "'")
            }
        }
    }
}

/// Infers a column's format from its values when the report does not declare one.
enum ColumnTyping {
    /// `name` matters for one case: integer columns called `id` or `…_id` are identifiers,
    /// read as labels (`5121`, not `5,121`), so they are text. `declaredType` (the table
    /// column's SQLite type, when the result column is one) decides when the values say
    /// nothing: all NULL, or no rows.
    static func infer(_ values: some Sequence<CellValue>, name: String = "", declaredType: String? = nil)
        -> ColumnFormat
    {
        var sawInteger = false
        var sawReal = false
        var sawDate = false
        var sawDateTime = false
        var sawText = false
        for value in values {
            switch value {
            case .null: continue
            case .integer: sawInteger = true
            case .real: sawReal = true
            case .text(let text):
                if isDateTime(text) {
                    sawDateTime = true
                } else if isDate(text) {
                    sawDate = true
                } else {
                    sawText = true
                }
            }
        }
        let sawNumber = sawInteger || sawReal
        let sawTemporal = sawDate || sawDateTime
        if sawText || (sawNumber && sawTemporal) { return .text }
        if sawNumber {
            if sawReal { return .number }
            return isIdentifier(name) ? .text : .integer
        }
        if sawDateTime { return .datetime }
        if sawDate { return .date }
        return declared(declaredType, name: name)
    }

    /// SQLite's type affinity rules (§3.1 of its datatype page) on a declared type.
    static func declared(_ type: String?, name: String) -> ColumnFormat {
        guard let type = type?.uppercased() else { return .text }
        if type.contains("INT") { return isIdentifier(name) ? .text : .integer }
        if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") || type.contains("BLOB") {
            return .text
        }
        if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") || type.contains("NUM")
            || type.contains("DEC")
        {
            return .number
        }
        return .text
    }

    private static func isIdentifier(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "id" || lowered.hasSuffix("_id")
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 19, bytes[10] == 0x20, bytes[13] == 0x3A, bytes[16] == 0x3A else { return false }
        return isDate(bytes[0..<10]) && [11, 12, 14, 15, 17, 18].allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool { isDate(Array(text.utf8)[...]) }

    private static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count == 10 else { return false }
        let start = bytes.startIndex
        return bytes[start + 4] == 0x2D && bytes[start + 7] == 0x2D
            && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { bytes[start + $0] >= 0x30 && bytes[start + $0] <= 0x39 }
    }
}
