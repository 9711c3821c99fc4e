import Foundation
import Mustache
import Reporting

/// Renders report packs and result tables as one self-contained HTML page.
///
/// The page opens offline and fetches nothing: CSS is inline, charts are inline SVG, and a
/// Content-Security-Policy meta tag forbids scripts and every external load. All helpdesk
/// text goes through mustache's `{{ }}` escaping; characters HTML cannot carry are replaced.
/// The templates (`pack`, `table` and their partials) ship in the bundle; a folder with
/// files of the same names (`pack.mustache`, `style.mustache`, …) replaces them one by one.
/// For example:
///
/// ```swift
/// try HTMLExporter().write(pack: pack, to: URL(fileURLWithPath: "support-2026-10.html"))
/// ```
package struct HTMLExporter: Sendable {
    /// A folder whose `.mustache` files replace the shipped templates of the same name.
    package var templateDirectory: URL?
    /// Rows shown per table; the page says how many more the XLSX or CSV export holds.
    package var maxRowsPerTable: Int?
    /// The zone the generation time is shown in.
    package var timeZone: TimeZone

    package init(templateDirectory: URL? = nil, maxRowsPerTable: Int? = 10_000, timeZone: TimeZone = .current) {
        self.templateDirectory = templateDirectory
        self.maxRowsPerTable = maxRowsPerTable
        self.timeZone = timeZone
    }

    /// The pack as a page: header, KPI tiles, then each table with its chart.
    package func render(pack: ReportPack) throws -> String {
        let tables = pack.tables.enumerated().map { tableModel($1, index: $0 + 1, showTitle: true) }
        let tiles = pack.tiles.map(tileModel)
        let model = PageModel(
            pageTitle: clean("\(pack.title) — \(pack.period)"), heading: clean(pack.title), period: clean(pack.period),
            hasPeriod: !pack.period.isEmpty, generated: generatedText(pack.generatedAt), tiles: tiles,
            hasTiles: !tiles.isEmpty, tables: tables,
            highlights: pack.highlights.map { HighlightModel(text: clean($0)) }, hasHighlights: !pack.highlights.isEmpty
        )
        return try render(model, template: "pack")
    }

    /// One result table as a page.
    ///
    /// - Parameter totalRows: how many rows the whole result had, when `table` holds only the
    ///   first ones (a streamed result cut at `maxRowsPerTable`); the page then says
    ///   "Showing the first N of M rows". Nil means `table.rows.count`.
    package func render(table: ResultTable, generatedAt: Date = Date(), totalRows: Int? = nil) throws -> String {
        let period = table.parameters.filter { !$0.value.isEmpty }.map { "\($0.name) = \($0.value)" }
            .joined(separator: ", ")
        let model = PageModel(
            pageTitle: clean(table.title), heading: clean(table.title), period: clean(period),
            hasPeriod: !period.isEmpty,
            generated: generatedText(generatedAt), tiles: [], hasTiles: false,
            tables: [tableModel(table, index: 1, showTitle: false, totalRows: totalRows)])
        return try render(model, template: "table")
    }

    /// Writes the pack's page to `url` (through a temporary file renamed on success).
    package func write(pack: ReportPack, to url: URL) throws {
        try write(try render(pack: pack), to: url)
    }

    /// Writes one table's page to `url` (through a temporary file renamed on success).
    package func write(table: ResultTable, to url: URL, generatedAt: Date = Date(), totalRows: Int? = nil) throws {
        try write(try render(table: table, generatedAt: generatedAt, totalRows: totalRows), to: url)
    }

    // MARK: - Private

    private func write(_ page: String, to url: URL) throws {
        let output = try ExportOutput.file(url)
        do {
            try output.write(page)
            try output.finish()
        } catch {
            output.discard()
            throw error
        }
    }

    private func render(_ model: PageModel, template: String) throws -> String {
        let library = try HTMLTemplates.library(overrides: templateDirectory)
        guard let page = library.render(model, withTemplate: template) else {
            throw ExportError(
                .template, "template \"\(template).mustache\" is missing (restore it in the template folder)")
        }
        return page
    }

    private func tileModel(_ tile: KPITile) -> TileModel {
        let mood = KPIAssessment.mood(of: tile)
        let delta = KPIAssessment.delta(of: tile)
        var deltaText = "—"
        var arrow = ""
        if let delta {
            deltaText = ValueFormatter.formatDelta(delta, as: tile.format) + Self.tileUnit(tile.format)
            arrow = delta > 0 ? "▲" : (delta < 0 ? "▼" : "")
            if tile.format != .percent, let previous = tile.previous.doubleValue, previous != 0 {
                let relative = delta / abs(previous) * 100
                deltaText += " (\(relative >= 0 ? "+" : "-")\(ValueFormatter.fixed(abs(relative), decimals: 1))%)"
            }
        }
        let moodText: String
        switch mood {
        case .good: moodText = "better than the previous period"
        case .bad: moodText = "worse than the previous period"
        case .neutral: moodText = delta == nil ? "no previous value" : "change"
        }
        let value = clean(ValueFormatter.format(tile.value, as: tile.format))
        let previous = clean(ValueFormatter.format(tile.previous, as: tile.format))
        let unit = Self.tileUnit(tile.format)
        return TileModel(
            label: clean(tile.label), value: value.isEmpty ? "—" : value + unit,
            previous: previous.isEmpty ? "—" : previous + unit, hasPrevious: tile.previous != .null, delta: deltaText,
            arrow: arrow, mood: mood.rawValue, moodText: moodText)
    }

    /// The unit a tile shows after its figures: a bare "10.9" on a tile has no column
    /// heading to say it is hours. Percentages and durations carry their own.
    private static func tileUnit(_ format: ColumnFormat) -> String {
        format == .hours ? " h" : ""
    }

    private func tableModel(_ table: ResultTable, index: Int, showTitle: Bool, totalRows: Int? = nil) -> TableModel {
        let shown = maxRowsPerTable.map { min(max(0, $0), table.rows.count) } ?? table.rows.count
        let numeric = table.columns.indices.map { column in
            TerminalTable.isNumericColumn(column, format: table.columns[column].format, rows: table.rows[...])
        }
        let columns = table.columns.enumerated().map { column, info in
            ColumnModel(label: clean(info.label), name: clean(info.name), numeric: numeric[column])
        }
        var rows: [RowModel] = []
        rows.reserveCapacity(shown)
        for row in table.rows.prefix(shown) {
            var cells: [CellModel] = []
            cells.reserveCapacity(table.columns.count)
            for (column, info) in table.columns.enumerated() {
                let value = column < row.count ? row[column] : .null
                let isNumber = value.doubleValue != nil
                let isNumeric = numeric[column] || (isNumber && info.format == .text)
                cells.append(
                    CellModel(
                        text: clean(ValueFormatter.format(value, as: info.format)), numeric: isNumeric,
                        date: !isNumeric && (info.format == .date || info.format == .datetime), null: value == .null))
            }
            rows.append(RowModel(cells: cells))
        }
        let total = max(totalRows ?? 0, table.rows.count)
        let chart = table.chart.flatMap { SVGChartBuilder.build($0, table: table) }
        // A parameter left at an empty default (as_of: "newest in the store") says nothing.
        let shownParameters = table.parameters.filter { !$0.value.isEmpty }
        return TableModel(
            anchor: "report-\(index)", showTitle: showTitle, title: clean(table.title),
            description: clean(table.description),
            hasDescription: !table.description.isEmpty,
            parameters: shownParameters.map { ParameterModel(name: clean($0.name), value: clean($0.value)) },
            hasParameters: !shownParameters.isEmpty, columns: columns, rows: rows, hasRows: !rows.isEmpty,
            rowCount: total == 1 ? "1 row" : "\(ValueFormatter.grouped(String(total))) rows",
            truncated: shown < total,
            truncationNote: "Showing the first \(ValueFormatter.grouped(String(shown))) of "
                + "\(ValueFormatter.grouped(String(total))) rows; the XLSX and CSV exports hold them all.",
            hasChart: chart != nil, chart: chart.map { [$0] } ?? [])
    }

    private func clean(_ text: String) -> String {
        TextSanitizer.forHTML(text)
    }

    /// "2026-11-01 09:30 UTC+01:00": fixed format, no locale, zone spelled as an offset.
    private func generatedText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let offset = timeZone.secondsFromGMT(for: date)
        var zone = "UTC"
        if offset != 0 {
            let minutes = abs(offset) / 60
            zone += (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }
        return
            "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) \(zone)"
    }
}
