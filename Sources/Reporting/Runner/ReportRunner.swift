import Foundation
import GRDB
import TicketStore

/// Runs report definitions, ad-hoc SQL and table queries on a store, into typed
/// ``ResultTable``s or straight into a ``RowSink``.
///
/// Open the store read-only with the configuration's SQL functions, then run:
///
///     let store = try config.openStore()
///     let runner = ReportRunner(store: store)
///     let table = try runner.run(try catalog.definition(named: "response-times"),
///                                arguments: ReportArguments(month: try ReportMonth(parsing: "2026-10")))
///
/// Everything goes one way: prepare the statement, refuse it unless it is read-only
/// (`sqlite3_stmt_readonly`, on top of the read-only connection), bind (parameters are
/// always bound, never spliced into the SQL), and stream the cursor's rows into a sink in
/// one read transaction. Collecting a table is streaming into a ``TableCollector``.
package struct ReportRunner: Sendable {
    package let store: TicketStore
    /// How many leading rows a streamed result looks at to infer the format of columns the
    /// report does not declare (a collected result looks at all of them).
    package var typingSampleSize: Int

    /// A runner reading `store`; open the store read-only for anything a user typed.
    package init(store: TicketStore, typingSampleSize: Int = 100) {
        self.store = store
        self.typingSampleSize = max(1, typingSampleSize)
    }

    /// The message `query` gives for anything but one read-only statement.
    package static let readOnlyRefusal = "query refused: only read-only SQL (SELECT/WITH) runs through `query`"

    // MARK: - Reports

    /// Resolves the arguments against the report's declared parameters (types, defaults,
    /// the default month) without running anything.
    package func bind(_ definition: ReportDefinition, arguments: ReportArguments = ReportArguments())
        throws(ReportError)
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
    package func run(_ definition: ReportDefinition, arguments: ReportArguments = ReportArguments()) throws(ReportError)
        -> ResultTable
    {
        let bound = try bind(definition, arguments: arguments)
        return try collect(ReportStatement(definition: definition, bound: bound))
    }

    /// Runs a report into `sink` as rows are read, without holding the result: undeclared
    /// column formats are inferred from the first ``typingSampleSize`` rows. Errors thrown
    /// by the sink are rethrown unchanged; everything else is a ``ReportError``.
    ///
    /// - Returns: the number of rows.
    @discardableResult
    package func stream(
        _ definition: ReportDefinition, arguments: ReportArguments = ReportArguments(), into sink: some RowSink
    ) throws -> Int {
        let bound = try bind(definition, arguments: arguments)
        return try execute(ReportStatement(definition: definition, bound: bound), into: sink, sample: typingSampleSize)
    }

    // MARK: - Ad-hoc SQL

    /// Runs one read-only statement (`SELECT`, `WITH … SELECT`, `VALUES`) typed by the user.
    ///
    /// Writes, `ATTACH`, `PRAGMA` and several statements are refused before SQLite runs
    /// anything. `:names` are bound from `params` (numbers as numbers, like the sqlite3
    /// shell's `.param set`); SQL with a YAML header uses its declared parameters.
    ///
    ///     let table = try runner.runQuery(sql: "SELECT status, count(*) AS n FROM tickets GROUP BY status")
    package func runQuery(sql: String, params: [String: String] = [:]) throws(ReportError) -> ResultTable {
        try runQuery(sql: sql, arguments: ReportArguments(values: params))
    }

    /// ``runQuery(sql:params:)`` with a period: `:month_start` and friends follow the
    /// period given as a month, `:from`/`:to` as days.
    package func runQuery(sql: String, arguments: ReportArguments, name: String = "query", file: String? = nil)
        throws(ReportError) -> ResultTable
    {
        try collect(try prepareQuery(sql: sql, arguments: arguments, name: name, file: file))
    }

    /// The streaming form of ``runQuery(sql:arguments:name:file:)``.
    @discardableResult
    package func streamQuery(
        sql: String, arguments: ReportArguments = ReportArguments(), name: String = "query", file: String? = nil,
        into sink: some RowSink
    ) throws -> Int {
        try execute(
            try prepareQuery(sql: sql, arguments: arguments, name: name, file: file), into: sink,
            sample: typingSampleSize)
    }

    private func prepareQuery(sql: String, arguments: ReportArguments, name: String, file: String?) throws(ReportError)
        -> ReportStatement
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
        return ReportStatement(definition: definition, bound: bound)
    }

    // MARK: - Table queries

    /// Runs a table query (`export tickets` …) into `sink` as SQLite produces the rows; its
    /// columns are typed by the query, so the header comes before any row is read. For
    /// example, to CSV:
    ///
    ///     let query = try TableQuery(.replies, columns: ["ticket_id", "created_at", "rating"])
    ///     let sink = CSVWriter(output: try .file(url))
    ///     try runner.stream(query, into: sink)
    ///     try sink.finish()
    @discardableResult
    package func stream(_ query: TableQuery, into sink: some RowSink) throws -> Int {
        try execute(query, into: sink, sample: 0)
    }

    /// Runs a table query and collects its rows (for small exports and tests).
    package func run(_ query: TableQuery) throws(ReportError) -> ResultTable {
        try collect(query)
    }

    // MARK: - With closures instead of a sink

    /// ``stream(_:arguments:into:)`` for callers that only look at the header and the rows.
    @discardableResult
    package func stream(
        _ definition: ReportDefinition, arguments: ReportArguments = ReportArguments(),
        header: @escaping (ResultTable) throws -> Void, row: @escaping ([CellValue]) throws -> Void
    ) throws -> Int {
        try stream(definition, arguments: arguments, into: RowHandler(header: header, row: row))
    }

    /// ``streamQuery(sql:arguments:name:file:into:)`` with closures.
    @discardableResult
    package func streamQuery(
        sql: String, arguments: ReportArguments = ReportArguments(), name: String = "query", file: String? = nil,
        header: @escaping (ResultTable) throws -> Void, row: @escaping ([CellValue]) throws -> Void
    ) throws -> Int {
        try streamQuery(
            sql: sql, arguments: arguments, name: name, file: file, into: RowHandler(header: header, row: row))
    }

    /// ``stream(_:into:)`` of a table query with closures.
    @discardableResult
    package func stream(
        _ query: TableQuery, header: @escaping (ResultTable) throws -> Void,
        row: @escaping ([CellValue]) throws -> Void
    ) throws -> Int {
        try stream(query, into: RowHandler(header: header, row: row))
    }

    // MARK: - The one statement path

    private func collect(_ statement: some RunnableStatement) throws(ReportError) -> ResultTable {
        let collector = TableCollector()
        do {
            _ = try execute(statement, into: collector, sample: .max)
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError(.sql, "\(statement.subject): \(Self.describe(error))", file: statement.errorFile)
        }
        return collector.table ?? ResultTable(name: "", title: "", columns: [], rows: [])
    }

    /// Prepares the statement, refuses anything that could write, binds, and streams the
    /// cursor into `sink`. The header goes first, once the first `sample` rows are read (so
    /// undeclared column formats can be inferred from them); they follow it.
    private func execute(_ source: some RunnableStatement, into sink: some RowSink, sample: Int) throws -> Int {
        var count = 0
        do {
            try store.reader.read { db in
                let statement = try db.makeStatement(sql: source.sql)
                guard statement.isReadonly else {
                    throw ReportError(.queryRefused, Self.readOnlyRefusal, file: source.errorFile)
                }
                let names = statement.columnNames
                let declared = statement.declaredTypes
                // Checked on the prepared statement, before any row, so a broken header fails fast.
                try source.check(columnNames: names)
                var buffered: [[CellValue]] = []
                var started = false
                func start() throws {
                    started = true
                    try sink.begin(
                        try source.header(columnNames: names) { index in
                            ColumnTyping.infer(
                                buffered.lazy.map { $0[index] }, name: names[index], declaredType: declared[index])
                        })
                    for row in buffered { try sink.append(row) }
                    buffered = []
                }
                if sample == 0 { try start() }
                let cursor = try Row.fetchCursor(statement, arguments: source.statementArguments)
                while try cursor.next() != nil {
                    count += 1
                    let cells = statement.currentCells()
                    if started {
                        try sink.append(cells)
                    } else {
                        buffered.append(cells)
                        if buffered.count >= sample { try start() }
                    }
                }
                if !started { try start() }
            }
        } catch let error as DatabaseError {
            throw ReportError(.sql, "\(source.subject): \(Self.describe(error))", file: source.errorFile)
        }
        return count
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

/// What the one statement path needs of a statement: its SQL and arguments, and how its
/// header is made from the result's column names.
protocol RunnableStatement {
    var sql: String { get }
    var statementArguments: StatementArguments { get }
    /// `report "sla"`, `query`, `export tickets`: for messages.
    var subject: String { get }
    var errorFile: String? { get }
    /// Refuses a result whose columns do not fit (a chart naming a missing column).
    func check(columnNames: [String]) throws
    /// The header; `inferred(i)` is the format the values of column `i` suggest.
    func header(columnNames: [String], inferred: (Int) -> ColumnFormat) throws -> ResultTable
}

/// A report (or ad-hoc query) with its parameters bound.
struct ReportStatement: RunnableStatement {
    let definition: ReportDefinition
    let bound: BoundParameters

    var sql: String { definition.sql }
    var statementArguments: StatementArguments { bound.statementArguments(for: definition.usedParameterNames) }
    var subject: String { definition.name == "query" ? "query" : "report \"\(definition.name)\"" }
    var errorFile: String? { definition.errorFile }

    func check(columnNames: [String]) throws { _ = try definition.resolveChart(columnNames: columnNames) }

    func header(columnNames: [String], inferred: (Int) -> ColumnFormat) throws -> ResultTable {
        let columns = columnNames.enumerated().map { index, name in
            let spec = definition.columns.first { $0.name == name }
            return ResultColumn(name: name, label: spec?.label, format: spec?.format ?? inferred(index))
        }
        return ResultTable(
            name: definition.name, title: definition.title, description: definition.description,
            parameters: bound.display, columns: columns, rows: [],
            chart: try definition.resolveChart(columnNames: columnNames))
    }
}

extension TableQuery: RunnableStatement {
    var statementArguments: StatementArguments { StatementArguments(arguments) }
    var subject: String { "export \(kind.rawValue)" }
    var errorFile: String? { nil }

    func check(columnNames: [String]) throws {}

    /// The kind's title, the filters as parameters, the catalog's typed columns.
    func header(columnNames: [String], inferred: (Int) -> ColumnFormat) throws -> ResultTable {
        ResultTable(
            name: kind.rawValue, title: kind.title, description: "ticketreport export \(kind.rawValue)",
            parameters: parameters, columns: resultColumns, rows: [])
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
