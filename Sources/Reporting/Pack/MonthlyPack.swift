import Foundation
import TicketStore

/// The monthly management pack: KPI tiles with last month's values, then the reports
/// listed in `monthly.yaml`, all for one month.
///
///     let store = try config.openStore()
///     let pack = try MonthlyPack.build(store: store, config: config, month: try ReportMonth(parsing: "2026-10"))
///     pack.tiles.map(\.label)      // ["Tickets", "Median FRT", …]
public enum MonthlyPack {
    /// Builds the pack named `pack` (default `monthly`) for `month`.
    ///
    /// - Parameters:
    ///   - catalog: where reports and the pack are looked up; by default the standard
    ///     order with the configuration's `reports_dir`.
    ///   - generatedAt: the time shown on the pack.
    public static func build(
        store: TicketStore, config: TicketReportConfig, month: ReportMonth, catalog: ReportCatalog? = nil,
        pack name: String = "monthly", generatedAt: Date = Date()
    ) throws(ReportError) -> ReportPack {
        let catalog = catalog ?? ReportCatalog.standard(config: config)
        let pack = try catalog.pack(named: name)
        let runner = ReportRunner(store: store)
        var definitions: [String: ReportDefinition] = [:]
        var results: [String: ResultTable] = [:]

        func definition(_ report: String, line: Int) throws(ReportError) -> ReportDefinition {
            if let known = definitions[report] { return known }
            do {
                let loaded = try catalog.definition(named: report)
                definitions[report] = loaded
                return loaded
            } catch  where error.kind == .notFound {
                throw ReportError(.notFound, "\(error.problem)", file: pack.file, line: line)
            }
        }
        func result(_ report: String, _ month: ReportMonth, line: Int) throws(ReportError) -> ResultTable {
            let key = "\(report)@\(month)"
            if let known = results[key] { return known }
            let table = try runner.run(try definition(report, line: line), arguments: ReportArguments(month: month))
            results[key] = table
            return table
        }

        var tables: [ResultTable] = []
        for (report, line) in zip(pack.reports, pack.reportLines) {
            tables.append(try result(report, month, line: line))
        }

        var tiles: [KPITile] = []
        for tile in pack.tiles {
            let current = try result(tile.report, month, line: tile.line)
            let previous = try result(tile.report, month.previous, line: tile.line)
            guard let columnIndex = current.columnIndex(tile.column) else {
                throw ReportError(
                    .invalidDefinition,
                    "tile \"\(tile.label)\": report \"\(tile.report)\" has no column \"\(tile.column)\"",
                    file: pack.file,
                    line: tile.line)
            }
            tiles.append(
                KPITile(
                    label: tile.label, format: tile.format ?? current.columns[columnIndex].format,
                    value: cell(current, tile, columnIndex), previous: cell(previous, tile, columnIndex),
                    direction: tile.direction))
        }
        return ReportPack(
            title: pack.title, period: month.description, generatedAt: generatedAt, tiles: tiles, tables: tables)
    }

    /// The tile's cell: in the row whose first column equals `row`, else the last row; NULL when absent.
    private static func cell(_ table: ResultTable, _ tile: PackDefinition.Tile, _ column: Int) -> CellValue {
        let row: [CellValue]?
        if let label = tile.row {
            row = table.rows.first { $0.first?.textValue == label }
        } else {
            row = table.rows.last
        }
        return row?[column] ?? .null
    }
}
