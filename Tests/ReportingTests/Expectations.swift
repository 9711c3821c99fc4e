import Reporting
import Testing

/// An expected cell: integers and text exactly, numbers within 1e-9 (PERCENTILE.INC
/// arithmetic is exact in decimal but not always in binary).
enum Expected: Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByNilLiteral
{
    case integer(Int64)
    case number(Double)
    case text(String)
    case null

    init(integerLiteral value: Int64) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(stringLiteral value: String) { self = .text(value) }
    init(nilLiteral: ()) { self = .null }

    var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .text(let value): return "\"\(value)\""
        case .null: return "NULL"
        }
    }

    func matches(_ cell: CellValue) -> Bool {
        switch (self, cell) {
        case (.null, .null): return true
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), _):
            guard let b = cell.doubleValue else { return false }
            return abs(a - b) <= 1e-9 * max(1, abs(a))
        case (.text(let a), .text(let b)): return a == b
        default: return false
        }
    }
}

func render(_ cell: CellValue) -> String {
    switch cell {
    case .null: return "NULL"
    case .integer(let value): return String(value)
    case .real(let value): return String(value)
    case .text(let value): return "\"\(value)\""
    }
}

/// Checks every row and cell, reporting the first difference with its row and column.
func expectRows(_ table: ResultTable, _ expected: [[Expected]], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
        table.rows.count == expected.count,
        "\(table.name): \(table.rows.count) rows, expected \(expected.count): \(table.rows.map { $0.map(render) })",
        sourceLocation: sourceLocation)
    for (index, (row, wanted)) in zip(table.rows, expected).enumerated() {
        #expect(row.count == wanted.count, "\(table.name) row \(index): width", sourceLocation: sourceLocation)
        for (column, (cell, want)) in zip(row, wanted).enumerated() where !want.matches(cell) {
            Issue.record(
                "\(table.name) row \(index) (\(row.first.map(render) ?? "")) column \(table.columns[column].name): got \(render(cell)), expected \(want)",
                sourceLocation: sourceLocation)
        }
    }
}
