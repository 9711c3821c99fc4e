import Config
import Foundation

/// A report: one `.sql` file whose leading block comment is YAML metadata.
///
/// The file runs unchanged in the sqlite3 shell (the header is a comment; parameters are
/// `:name`). For example, `reports/tickets-by-status.sql`:
///
///     /*
///     title: Tickets by status
///     params: { month: month }
///     columns:
///       tickets: { label: Tickets, format: integer }
///     chart: { type: bar, x: status, y: tickets }
///     */
///     SELECT status, count(*) AS tickets FROM tickets
///     WHERE opened_at >= :month_start AND opened_at < :month_end
///     GROUP BY status ORDER BY tickets DESC;
///
/// Loading checks everything that can be checked without a database; the runner checks
/// the chart and column names against the prepared statement's result columns.
///
///     let definition = try ReportDefinition(name: "tickets-by-status", file: "reports/tickets-by-status.sql", text: text)
package struct ReportDefinition: Sendable {
    /// The file name without `.sql`; what `report run` takes.
    package var name: String
    /// The file as shown in messages (`reports/sla.sql`); empty for SQL typed on the command line.
    package var file: String

    /// The file for error messages, nil when there is none.
    var errorFile: String? { file.isEmpty ? nil : file }
    package var title: String
    package var description: String
    package var parameters: [ParameterSpec]
    package var columns: [ColumnSpec]
    package var chart: ChartDefinition?
    /// The whole file text, header included: SQLite skips the comment.
    package var sql: String
    /// False when the file has no YAML header (saved ad-hoc queries may omit it).
    package var hasHeader: Bool

    let scan: SQLScan

    /// The header keys a report may use.
    static let headerKeys = ["title", "description", "params", "columns", "chart"]
    /// First keywords of read-only statements.
    static let readOnlyKeywords: Set<String> = ["SELECT", "WITH", "VALUES"]

    /// Parses and checks a report file's text.
    package init(name: String, file: String, text: String) throws(ReportError) {
        try self.init(name: name, file: file, text: text, implicitParameters: false)
    }

    /// With `implicitParameters`, SQL without a header (an ad-hoc query) may use `:names`
    /// it does not declare: the month and `from`/`to` names become typed parameters, and the
    /// rest are left for `--param` (see ``undeclaredParameterNames``).
    init(name: String, file: String, text: String, implicitParameters: Bool) throws(ReportError) {
        self.name = name
        self.file = file
        self.sql = text
        self.title = name
        self.description = ""
        self.parameters = []
        self.columns = []
        self.chart = nil
        self.scan = SQLScan(text)

        let header = Self.leadingComment(text)
        hasHeader = false
        if let header {
            let source = YAMLSource.forDefinition(file: file, firstLine: header.line)
            if let root = try source.parse(header.text) {
                guard case .map(let entries) = root.content else {
                    throw source.error(
                        root.line, "",
                        "the leading comment must be YAML metadata (title:, description:, params:, columns:, chart:); "
                            + "start the file with -- for a plain comment")
                }
                hasHeader = true
                try parseHeader(entries, source: source)
            }
        }
        if implicitParameters, !hasHeader { parameters = Self.implicitParameters(for: scan.parameterNames) }
        try checkSQL(allowUndeclared: implicitParameters && !hasHeader)
    }

    /// `:month_start` and friends imply a month parameter, `:from`/`:to` date parameters.
    static func implicitParameters(for names: [String]) -> [ParameterSpec] {
        var specs: [ParameterSpec] = []
        let month = ParameterSpec(name: "month", type: .month)
        if names.contains(where: month.boundNames.contains) { specs.append(month) }
        for name in ["from", "to"] {
            let spec = ParameterSpec(name: name, type: .date)
            if names.contains(where: spec.boundNames.contains) { specs.append(spec) }
        }
        return specs
    }

    /// `:names` the SQL uses that no declared parameter binds (only ad-hoc queries have any).
    package var undeclaredParameterNames: [String] {
        let bound = boundNames
        return scan.parameterNames.filter { bound[$0] == nil }
    }

    /// Reads and parses a file.
    package static func load(contentsOf url: URL, name: String, file: String) throws(ReportError) -> ReportDefinition {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ReportError(.io, "cannot read the report file (is it UTF-8 text?)", file: file)
        }
        return try ReportDefinition(name: name, file: file, text: text)
    }

    /// Every `:name` the declared parameters bind, with the parameter that binds it.
    package var boundNames: [String: ParameterSpec] {
        var names: [String: ParameterSpec] = [:]
        for parameter in parameters {
            for bound in parameter.boundNames { names[bound] = parameter }
        }
        return names
    }

    /// The distinct `:names` the SQL uses, in order of first use.
    package var usedParameterNames: [String] { scan.parameterNames }

    package func parameter(named name: String) -> ParameterSpec? { parameters.first { $0.name == name } }

    /// The first block comment, when the file starts with one (blank lines allowed before it).
    static func leadingComment(_ text: String) -> (text: String, line: Int)? {
        var line = 1
        var index = text.startIndex
        while index < text.endIndex, text[index].isWhitespace {
            if text[index].isNewline { line += 1 }
            index = text.index(after: index)
        }
        guard text[index...].hasPrefix("/*") else { return nil }
        let start = text.index(index, offsetBy: 2)
        guard let end = text.range(of: "*/", range: start..<text.endIndex) else { return nil }
        return (String(text[start..<end.lowerBound]), line)
    }

    // MARK: - Header

    private mutating func parseHeader(_ entries: [YAMLValue.Entry], source: YAMLSource<ReportError>) throws(ReportError)
    {
        try entries.checkKeys(Self.headerKeys, path: "", in: source)
        if let value = entries["title"] { title = try value.text("title", in: source) }
        if let value = entries["description"], !value.isNull {
            description = try value.text("description", in: source).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let value = entries["params"] { parameters = try Self.parseParameters(value, source: source) }
        if let value = entries["columns"] { columns = try Self.parseColumns(value, source: source) }
        if let entry = entries.first(where: { $0.key == "chart" }), !entry.value.isNull {
            chart = try Self.parseChart(entry.value, line: entry.keyLine, source: source)
        }
    }

    private static func parseParameters(_ value: YAMLValue, source: YAMLSource<ReportError>) throws(ReportError)
        -> [ParameterSpec]
    {
        var specs: [ParameterSpec] = []
        for entry in try value.entries("params", in: source) {
            let path = "params.\(entry.key)"
            guard isIdentifier(entry.key) else {
                throw source.error(entry.keyLine, path, "a parameter name uses letters, digits and _ only")
            }
            var typeText: String
            var defaultValue = ParameterSpec.Default.none
            var description = ""
            var typeLine = entry.value.line
            switch entry.value.content {
            case .scalar(let text):
                typeText = text
            case .map(let details):
                try details.checkKeys(["type", "default", "description"], path: path, in: source)
                guard let type = details["type"] else {
                    throw source.error(entry.keyLine, path, "missing type (month, date, string or int)")
                }
                typeText = try type.text("\(path).type", in: source)
                typeLine = type.line
                if let value = details["default"] {
                    defaultValue = value.isNull ? .null : .value(try value.text("\(path).default", in: source))
                }
                if let value = details["description"] {
                    description = try value.text("\(path).description", in: source)
                }
            default:
                throw source.error(
                    entry.keyLine, path, "expected a type (month, date, string or int) or a mapping with type:")
            }
            guard let type = ParameterType(rawValue: typeText) else {
                throw source.error(
                    typeLine, path, "unknown parameter type \"\(typeText)\" (use month, date, string or int)")
            }
            specs.append(
                ParameterSpec(
                    name: entry.key, type: type, defaultValue: defaultValue, description: description,
                    line: entry.keyLine))
        }
        // Derived names must not collide: `month` binds month_end, so no date may be called month_end.
        var owners: [String: String] = [:]
        for spec in specs {
            for bound in spec.boundNames {
                if let other = owners[bound] {
                    throw source.error(
                        spec.line, "params.\(spec.name)", ":\(bound) is already bound by parameter \(other); rename one"
                    )
                }
                owners[bound] = spec.name
            }
        }
        for spec in specs { try checkDefault(spec, owners: owners, source: source) }
        return specs
    }

    private static func checkDefault(_ spec: ParameterSpec, owners: [String: String], source: YAMLSource<ReportError>)
        throws(ReportError)
    {
        guard case .value(let text) = spec.defaultValue else { return }
        let path = "params.\(spec.name).default"
        let hint = spec.type == .date ? " or the name of another bound value such as month_end" : ""
        switch spec.type {
        case .month:
            do { _ = try ReportMonth(parsing: text, parameter: spec.name) } catch {
                throw source.error(spec.line, path, error.problem)
            }
        case .date:
            if let owner = owners[text] {
                guard owner != spec.name else {
                    throw source.error(spec.line, path, "a default cannot refer to its own parameter")
                }
            } else {
                do { _ = try ReportDate(parsing: text, parameter: spec.name) } catch {
                    throw source.error(spec.line, path, "\(error.problem)\(hint)")
                }
            }
        case .int:
            guard Int64(text) != nil else { throw source.error(spec.line, path, "\(spec.name) must be an integer") }
        case .string: break
        }
    }

    private static func parseColumns(_ value: YAMLValue, source: YAMLSource<ReportError>) throws(ReportError)
        -> [ColumnSpec]
    {
        var specs: [ColumnSpec] = []
        let formats = ColumnFormat.allCases.map(\.rawValue).joined(separator: ", ")
        for entry in try value.entries("columns", in: source) {
            let path = "columns.\(entry.key)"
            var spec = ColumnSpec(name: entry.key, line: entry.keyLine)
            switch entry.value.content {
            case .scalar(let label):
                spec.label = label
            case .map(let details):
                try details.checkKeys(["label", "format"], path: path, in: source)
                if let label = details["label"] { spec.label = try label.text("\(path).label", in: source) }
                if let format = details["format"] {
                    let text = try format.text("\(path).format", in: source)
                    guard let parsed = ColumnFormat(rawValue: text) else {
                        throw source.error(format.line, "\(path).format", "unknown format \"\(text)\" (use \(formats))")
                    }
                    spec.format = parsed
                }
            case .null:
                break
            case .list:
                throw source.error(entry.keyLine, path, "expected { label: …, format: … }")
            }
            specs.append(spec)
        }
        return specs
    }

    private static func parseChart(_ value: YAMLValue, line: Int, source: YAMLSource<ReportError>) throws(ReportError)
        -> ChartDefinition
    {
        let entries = try value.entries("chart", in: source)
        try entries.checkKeys(["type", "x", "y", "title"], path: "chart", in: source)
        guard let typeValue = entries["type"] else {
            throw source.error(line, "chart", "missing type (bar, line or heatmap)")
        }
        let typeText = try typeValue.text("chart.type", in: source)
        guard let kind = ChartSpec.Kind(rawValue: typeText) else {
            throw source.error(
                typeValue.line, "chart.type", "unknown chart type \"\(typeText)\" (use bar, line or heatmap)")
        }
        guard let x = entries["x"] else { throw source.error(line, "chart", "missing x (the category column)") }
        let y = try entries["y"].map { v throws(ReportError) in try v.textList("chart.y", in: source) }
        if kind != .heatmap, y?.isEmpty ?? true {
            throw source.error(line, "chart", "missing y (the value column or columns)")
        }
        let title = try entries["title"].map { v throws(ReportError) in try v.text("chart.title", in: source) }
        return ChartDefinition(kind: kind, x: try x.text("chart.x", in: source), y: y, title: title, line: line)
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    // MARK: - SQL

    private func checkSQL(allowUndeclared: Bool) throws(ReportError) {
        guard let keyword = scan.firstKeyword else {
            throw ReportError(
                .invalidDefinition, "no SQL after the header (write one SELECT statement)", file: errorFile)
        }
        guard Self.readOnlyKeywords.contains(keyword) else {
            throw ReportError(
                .invalidDefinition, "a report is one read-only SELECT (or WITH … SELECT) statement, not \(keyword)",
                file: errorFile, line: scan.firstKeywordLine)
        }
        if let line = scan.secondStatementLine {
            throw ReportError(
                .invalidDefinition, "a report holds one statement; a second one starts here", file: errorFile,
                line: line)
        }
        if let token = scan.unsupportedParameter {
            throw ReportError(
                .invalidDefinition,
                "parameter \(token.token) is not supported; use a named :parameter declared under params",
                file: errorFile, line: token.line)
        }
        let bound = boundNames
        for use in scan.parameters where bound[use.name] == nil && !allowUndeclared {
            throw ReportError(
                .invalidDefinition,
                ":\(use.name) is used in the SQL but not declared under params (declare it, e.g. params: { \(use.name): string })",
                file: errorFile, line: use.line)
        }
    }

    /// Checks the header's chart and columns against the statement's result columns and
    /// returns the chart with its columns spelled out.
    func resolveChart(columnNames: [String]) throws(ReportError) -> ChartSpec? {
        let available = columnNames.joined(separator: ", ")
        for column in columns where !columnNames.contains(column.name) {
            throw ReportError(
                .invalidDefinition, "columns.\(column.name): no such column in the result (columns: \(available))",
                file: errorFile, line: column.line)
        }
        guard let chart else { return nil }
        guard columnNames.contains(chart.x) else {
            throw ReportError(
                .invalidDefinition, "chart.x: column \"\(chart.x)\" is not in the result (columns: \(available))",
                file: errorFile, line: chart.line)
        }
        let y = chart.y ?? columnNames.filter { $0 != chart.x }
        for name in y where !columnNames.contains(name) {
            throw ReportError(
                .invalidDefinition, "chart.y: column \"\(name)\" is not in the result (columns: \(available))",
                file: errorFile, line: chart.line)
        }
        return ChartSpec(kind: chart.kind, x: chart.x, y: y, title: chart.title)
    }
}
