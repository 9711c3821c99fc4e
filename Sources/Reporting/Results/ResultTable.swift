import Foundation

/// How a column's values are meant to be read; exporters pick number formats from it.
///
/// `hours` values are numbers of hours; `duration` values are seconds; `date` and
/// `datetime` values are the store's text (`YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS`);
/// `percent` values are fractions (0.25 is 25 %).
public enum ColumnFormat: String, Sendable, Codable, CaseIterable {
    case integer, number, percent, hours, duration, date, datetime, text
}

/// One column of a result: the SQL name, a label for people, and its format.
public struct ResultColumn: Sendable, Equatable {
    public var name: String
    public var label: String
    public var format: ColumnFormat

    public init(name: String, label: String? = nil, format: ColumnFormat = .text) {
        self.name = name
        self.label = label ?? name
        self.format = format
    }
}

/// One cell, as SQLite returned it.
public enum CellValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a Double when it is numeric.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .null, .text: return nil
        }
    }

    /// The value as text, for labels (chart categories, headers); "" for NULL.
    public var textValue: String {
        switch self {
        case .null: return ""
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return value
        }
    }
}

/// The chart a report asks for; exporters draw it natively (XLSX) or as SVG (HTML).
public struct ChartSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case bar, line, heatmap }
    public var kind: Kind
    /// The category column (for a heatmap: the row labels).
    public var x: String
    /// The value columns (for a heatmap: the columns whose cells are coloured).
    public var y: [String]
    public var title: String?

    public init(kind: Kind, x: String, y: [String], title: String? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.title = title
    }
}

/// The typed result of running one report or query.
public struct ResultTable: Sendable, Equatable {
    /// The report's name (its file name without `.sql`), or "query".
    public var name: String
    public var title: String
    public var description: String
    /// The parameters the report ran with, in declaration order, as text.
    public var parameters: [(name: String, value: String)]
    public var columns: [ResultColumn]
    public var rows: [[CellValue]]
    public var chart: ChartSpec?

    public init(
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

    public static func == (lhs: ResultTable, rhs: ResultTable) -> Bool {
        lhs.name == rhs.name && lhs.title == rhs.title && lhs.description == rhs.description
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
            && lhs.columns == rhs.columns && lhs.rows == rhs.rows && lhs.chart == rhs.chart
    }

    /// The index of a column by SQL name.
    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// A headline figure of the monthly pack, with last month's value for the delta.
public struct KPITile: Sendable, Equatable {
    /// Whether a rise is good news (tickets answered) or bad (response time).
    public enum Direction: String, Sendable, Codable {
        case higherIsBetter = "higher"
        case lowerIsBetter = "lower"
        case neutral
    }
    public var label: String
    public var format: ColumnFormat
    public var value: CellValue
    public var previous: CellValue
    public var direction: Direction

    public init(label: String, format: ColumnFormat, value: CellValue, previous: CellValue, direction: Direction) {
        self.label = label
        self.format = format
        self.value = value
        self.previous = previous
        self.direction = direction
    }
}

/// A bundle of results that is exported as one workbook / one page: the monthly pack.
public struct ReportPack: Sendable, Equatable {
    public var title: String
    /// The period, e.g. "2026-10".
    public var period: String
    public var generatedAt: Date
    public var tiles: [KPITile]
    public var tables: [ResultTable]

    public init(title: String, period: String, generatedAt: Date, tiles: [KPITile], tables: [ResultTable]) {
        self.title = title
        self.period = period
        self.generatedAt = generatedAt
        self.tiles = tiles
        self.tables = tables
    }
}
