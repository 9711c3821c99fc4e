import Foundation

/// How a column's values are meant to be read; exporters pick number formats from it.
///
/// `hours` values are numbers of hours; `duration` values are seconds; `date` and
/// `datetime` values are the store's text (`YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS`);
/// `percent` values are fractions (0.25 is 25 %).
package enum ColumnFormat: String, Sendable, Codable, CaseIterable {
    case integer, number, percent, hours, duration, date, datetime, text
}

/// One column of a result: the SQL name, a label for people, and its format.
package struct ResultColumn: Sendable, Equatable {
    package var name: String
    package var label: String
    package var format: ColumnFormat

    package init(name: String, label: String? = nil, format: ColumnFormat = .text) {
        self.name = name
        self.label = label ?? name
        self.format = format
    }
}

/// One cell, as SQLite returned it.
package enum CellValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a Double when it is numeric.
    package var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .null, .text: return nil
        }
    }

    /// The value as text, for labels (chart categories, headers); "" for NULL.
    package var textValue: String {
        switch self {
        case .null: return ""
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return value
        }
    }
}

/// The chart a report asks for; exporters draw it natively (XLSX) or as SVG (HTML).
package struct ChartSpec: Sendable, Equatable {
    package enum Kind: String, Sendable, Codable { case bar, line, heatmap }
    package var kind: Kind
    /// The category column (for a heatmap: the row labels).
    package var x: String
    /// The value columns (for a heatmap: the columns whose cells are coloured).
    package var y: [String]
    package var title: String?

    package init(kind: Kind, x: String, y: [String], title: String? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.title = title
    }
}

/// The typed result of running one report or query.
package struct ResultTable: Sendable, Equatable {
    /// The report's name (its file name without `.sql`), or "query".
    package var name: String
    package var title: String
    package var description: String
    /// The parameters the report ran with, in declaration order, as text.
    package var parameters: [(name: String, value: String)]
    package var columns: [ResultColumn]
    package var rows: [[CellValue]]
    package var chart: ChartSpec?

    package init(
        name: String, title: String, description: String = "", parameters: [(name: String, value: String)] = [],
        columns: [ResultColumn], rows: [[CellValue]], chart: ChartSpec? = nil
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.parameters = parameters
        self.columns = columns
        self.rows = rows
        self.chart = chart
    }

    package static func == (lhs: ResultTable, rhs: ResultTable) -> Bool {
        lhs.name == rhs.name && lhs.title == rhs.title && lhs.description == rhs.description
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
            && lhs.columns == rhs.columns && lhs.rows == rhs.rows && lhs.chart == rhs.chart
    }

    /// The index of a column by SQL name.
    package func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// A headline figure of the monthly pack, with last month's value for the delta.
package struct KPITile: Sendable, Equatable {
    /// Whether a rise is good news (tickets answered) or bad (response time).
    package enum Direction: String, Sendable, Codable {
        case higherIsBetter = "higher"
        case lowerIsBetter = "lower"
        case neutral
    }
    package var label: String
    package var format: ColumnFormat
    package var value: CellValue
    package var previous: CellValue
    package var direction: Direction

    package init(label: String, format: ColumnFormat, value: CellValue, previous: CellValue, direction: Direction) {
        self.label = label
        self.format = format
        self.value = value
        self.previous = previous
        self.direction = direction
    }
}

/// A bundle of results that is exported as one workbook / one page: the monthly pack.
package struct ReportPack: Sendable, Equatable {
    package var title: String
    /// The period, e.g. "2026-10".
    package var period: String
    package var generatedAt: Date
    package var tiles: [KPITile]
    package var tables: [ResultTable]
    /// Three to five sentences on what changed against the previous period, chosen by rule
    /// (the first thing a manager reads); empty when not computed.
    package var highlights: [String]
    /// The helpdesk source the pack is about; nil for every source of the store together.
    package var source: String?

    package init(
        title: String, period: String, generatedAt: Date, tiles: [KPITile], tables: [ResultTable],
        highlights: [String] = [], source: String? = nil
    ) {
        self.title = title
        self.period = period
        self.generatedAt = generatedAt
        self.tiles = tiles
        self.tables = tables
        self.highlights = highlights
        self.source = source
    }
}
