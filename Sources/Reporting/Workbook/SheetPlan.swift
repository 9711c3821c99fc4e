import Foundation

/// One `--sheet` of a workbook as the user wrote it: an optional sheet name and where its
/// rows come from.
///
///     try SheetSpec(parsing: "SLA=report:sla")                    // a report
///     try SheetSpec(parsing: "export:tickets:ticket_id,subject")  // a table export, two columns
///     try SheetSpec(parsing: "Open=queries/open-tickets-by-age.sql")
package struct SheetSpec: Sendable, Equatable {
    package enum Source: Sendable, Equatable {
        /// `report:NAME`
        case report(String)
        /// `export:KIND[:COLUMNS]`
        case export(TableQuery.Kind, columns: [String]?)
        /// `query:SQL`
        case query(String)
        /// A `.sql` file, as with `query --file`.
        case file(String)
    }

    package var name: String?
    package var source: Source

    /// Parses one `--sheet` value: `[NAME=]report:REPORT`, `[NAME=]export:KIND[:COLUMNS]`,
    /// `[NAME=]query:SQL` or `[NAME=]FILE.sql`.
    package init(parsing text: String) throws(ReportError) {
        var name: String?
        var body = text
        let prefixes = ["report:", "export:", "query:"]
        if !prefixes.contains(where: { text.hasPrefix($0) }), let equals = text.firstIndex(of: "=") {
            name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            body = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if name?.isEmpty == true { name = nil }
        }
        if body.hasPrefix("report:") {
            let report = String(body.dropFirst("report:".count))
            guard !report.isEmpty else {
                throw ReportError(.invalidParameter, "--sheet \(text): name the report after report:")
            }
            source = .report(report)
        } else if body.hasPrefix("export:") {
            let parts = body.dropFirst("export:".count).split(separator: ":", maxSplits: 1).map(String.init)
            guard let first = parts.first, let kind = TableQuery.Kind(rawValue: first.lowercased()) else {
                throw ReportError(
                    .invalidParameter, "--sheet \(text): export:KIND takes tickets, replies, notes or metrics")
            }
            source = .export(kind, columns: parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : nil)
        } else if body.hasPrefix("query:") {
            source = .query(String(body.dropFirst("query:".count)))
        } else {
            guard !body.isEmpty else {
                throw ReportError(.invalidParameter, "--sheet \(text): give a source after the =")
            }
            source = .file(body)
        }
        self.name = name
    }

    /// Loads what the sheet needs (report file, SQL file, export columns) without running
    /// it, so every sheet of a workbook is checked before the file exists.
    ///
    /// - Parameters:
    ///   - arguments: the period and `--param`s every sheet shares.
    ///   - filters: the value filters of `export:` sheets (their period is `arguments`').
    package func plan(catalog: ReportCatalog, arguments: ReportArguments, filters: TableQuery.Filters)
        throws(ReportError) -> SheetPlan
    {
        var arguments = arguments
        arguments.isShared = true
        switch source {
        case .report(let report):
            return SheetPlan(name: name, content: .report(try catalog.definition(named: report), arguments))
        case .export(let kind, let columns):
            var filters = filters
            filters.period = arguments.period
            return SheetPlan(name: name, content: .table(try TableQuery(kind, columns: columns, filters: filters)))
        case .query(let sql):
            return SheetPlan(name: name, content: .query(sql: sql, name: "query", file: nil, arguments))
        case .file(let path):
            guard let saved = try? QueryFile(path: path) else {
                throw ReportError(
                    .invalidParameter, "--sheet: cannot read \(path) (does it exist? use report:NAME for a report)")
            }
            return SheetPlan(
                name: name, fallbackName: saved.name,
                content: .query(sql: saved.sql, name: saved.name, file: path, arguments))
        }
    }
}

/// A resolved sheet: its name (nil: the result's title) and what it runs.
package struct SheetPlan: Sendable {
    enum Content: Sendable {
        case report(ReportDefinition, ReportArguments)
        case table(TableQuery)
        case query(sql: String, name: String, file: String?, ReportArguments)
    }

    package var name: String?
    /// Used instead of a title too long for a sheet tab (a query file's name).
    package var fallbackName: String?
    let content: Content

    init(name: String?, fallbackName: String? = nil, content: Content) {
        self.name = name
        self.fallbackName = fallbackName
        self.content = content
    }

    /// The name given, else the result's title when it fits on a tab (31 characters), else the fallback.
    package func sheetName(title: String) -> String {
        if let name { return name }
        if let fallbackName, title.count > 31 { return fallbackName }
        return title
    }

    /// Runs the sheet's statement into `sink`; returns the number of rows.
    @discardableResult
    package func stream(with runner: ReportRunner, into sink: some RowSink) throws -> Int {
        switch content {
        case .report(let definition, let arguments):
            return try runner.stream(definition, arguments: arguments, into: sink)
        case .table(let query):
            return try runner.stream(query, into: sink)
        case .query(let sql, let name, let file, let arguments):
            return try runner.streamQuery(sql: sql, arguments: arguments, name: name, file: file, into: sink)
        }
    }
}
