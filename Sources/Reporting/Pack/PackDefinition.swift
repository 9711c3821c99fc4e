import Config
import Foundation

/// A bundle of reports exported together, such as `reports/monthly.yaml`: KPI tiles taken
/// from report results (with last month's value for the delta), then the reports in order.
///
///     title: Monthly support report
///     tiles:
///       - { label: Tickets, report: response-times, row: All departments, column: tickets,
///           format: integer, direction: neutral }
///     reports: [response-times, next-reply, sla, { report: backlog, when: events }]
///
/// A tile or a report entry with `when:` is shown only for a month where its condition
/// holds (see ``Condition``).
package struct PackDefinition: Sendable, Equatable {
    /// What a month must have for a `when:` tile or report to be shown.
    package enum Condition: String, Sendable, Equatable, CaseIterable {
        /// Some ticket change was observed in the month (a `ticket_events` row), so figures
        /// from the status history have something to say.
        case events
        /// The store holds tickets of several helpdesk sources and the pack covers them all,
        /// so a per-source comparison has something to compare.
        case sources
    }

    /// One headline figure: the cell of `column` in the row whose first column is `row`
    /// (the last row when `row` is not given) of `report`'s result.
    package struct Tile: Sendable, Equatable {
        package var label: String
        package var report: String
        package var row: String?
        package var column: String
        /// nil: the report's declared format of that column.
        package var format: ColumnFormat?
        package var direction: KPITile.Direction
        /// Shown only for months where this holds; nil: always.
        package var when: Condition?
        package var line: Int
    }

    package var name: String
    package var file: String
    package var title: String
    package var description: String
    package var tiles: [Tile]
    /// Report names in the order they appear in the pack.
    package var reports: [String]
    /// The condition of each entry of `reports` (`{ report: NAME, when: … }`); nil: always shown.
    package var reportConditions: [Condition?]
    /// The line of each entry of `reports`, for messages.
    var reportLines: [Int]
    /// How the pack's highlights are chosen (`highlights:`; see ``HighlightRules``).
    package var highlights = HighlightSettings()

    /// Reads and parses a pack file; errors name `file` and the line at fault.
    package static func load(contentsOf url: URL, name: String, file: String) throws(ReportError) -> PackDefinition {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ReportError(.io, "cannot read the pack file (is it UTF-8 text?)", file: file)
        }
        return try PackDefinition(name: name, file: file, text: text)
    }

    package init(name: String, file: String, text: String) throws(ReportError) {
        self.name = name
        self.file = file
        let source = YAMLSource.forDefinition(file: file, firstLine: 1)
        guard let root = try source.parse(text) else {
            throw ReportError(.invalidDefinition, "the pack is empty (give title:, tiles: and reports:)", file: file)
        }
        let entries = try root.entries("", in: source)
        try entries.checkKeys(["title", "description", "tiles", "reports", "highlights"], path: "", in: source)
        highlights = try HighlightSettings(entries["highlights"], path: "highlights", in: source)
        title = try entries["title"]?.text("title", in: source) ?? name
        description =
            try entries["description"].map { v throws(ReportError) in try v.text("description", in: source) } ?? ""

        reports = []
        reportConditions = []
        reportLines = []
        if let list = entries["reports"] {
            guard case .list(let items) = list.content else {
                throw source.error(list.line, "reports", "expected a list of report names")
            }
            for (index, item) in items.enumerated() {
                let path = "reports[\(index)]"
                // A name, or { report: NAME, when: CONDITION }.
                let report: String
                var reportLine = item.line
                var condition: Condition?
                if case .map = item.content {
                    let fields = try item.entries(path, in: source)
                    try fields.checkKeys(["report", "when"], path: path, in: source)
                    guard let value = fields["report"] else { throw source.error(item.line, path, "missing report") }
                    report = try value.text("\(path).report", in: source)
                    reportLine = value.line
                    condition = try Self.condition(fields["when"], path: "\(path).when", in: source)
                } else {
                    report = try item.text(path, in: source)
                }
                do {
                    reports.append(try ReportCatalog.checkedName(report, extension: "sql"))
                } catch {
                    throw source.error(reportLine, path, error.problem)
                }
                reportConditions.append(condition)
                reportLines.append(item.line)
            }
        }

        tiles = []
        if let list = entries["tiles"] {
            guard case .list(let items) = list.content else {
                throw source.error(list.line, "tiles", "expected a list of tiles")
            }
            for (index, item) in items.enumerated() {
                let path = "tiles[\(index)]"
                let fields = try item.entries(path, in: source)
                try fields.checkKeys(
                    ["label", "report", "row", "column", "format", "direction", "when"], path: path, in: source)
                func required(_ key: String) throws(ReportError) -> String {
                    guard let value = fields[key] else { throw source.error(item.line, path, "missing \(key)") }
                    return try value.text("\(path).\(key)", in: source)
                }
                var format: ColumnFormat?
                if let value = fields["format"] {
                    let text = try value.text("\(path).format", in: source)
                    guard let parsed = ColumnFormat(rawValue: text) else {
                        let formats = ColumnFormat.allCases.map(\.rawValue).joined(separator: ", ")
                        throw source.error(value.line, "\(path).format", "unknown format \"\(text)\" (use \(formats))")
                    }
                    format = parsed
                }
                var direction = KPITile.Direction.neutral
                if let value = fields["direction"] {
                    let text = try value.text("\(path).direction", in: source)
                    guard let parsed = KPITile.Direction(rawValue: text) else {
                        throw source.error(
                            value.line, "\(path).direction",
                            "unknown direction \"\(text)\" (use higher, lower or neutral)")
                    }
                    direction = parsed
                }
                let report = try required("report")
                do {
                    _ = try ReportCatalog.checkedName(report, extension: "sql")
                } catch {
                    throw source.error(fields["report"]?.line, "\(path).report", error.problem)
                }
                tiles.append(
                    Tile(
                        label: try required("label"), report: report,
                        row: try fields["row"].map { v throws(ReportError) in try v.text("\(path).row", in: source) },
                        column: try required("column"), format: format, direction: direction,
                        when: try Self.condition(fields["when"], path: "\(path).when", in: source), line: item.line))
            }
        }
    }

    private static func condition(_ value: YAMLValue?, path: String, in source: YAMLSource<ReportError>)
        throws(ReportError) -> Condition?
    {
        guard let value else { return nil }
        let text = try value.text(path, in: source)
        guard let condition = Condition(rawValue: text) else {
            let known = Condition.allCases.map(\.rawValue).joined(separator: ", ")
            throw source.error(value.line, path, "unknown condition \"\(text)\" (use \(known))")
        }
        return condition
    }
}
