import GRDB

/// What the caller gives a report: the period and `--param` values, as the user typed them.
///
/// Values are validated against the report's declared types when the report runs, so
/// one `ReportArguments` can be handed to every report of a pack:
///
///     let arguments = try ReportArguments.parse(month: "2026-10", from: nil, to: nil, params: ["limit=20"])
///     let table = try runner.run(definition, arguments: arguments)
package struct ReportArguments: Sendable, Equatable {
    /// `--month`, `--quarter`, `--year` or `--from/--to`: binds the report's month parameter
    /// (a quarter, a year or a range of days stands in for a month), or its `from`/`to` dates
    /// as the period's first and last day.
    package var period: ReportPeriod?
    /// `--source NAME`: binds `:source`, which every built-in report filters by; nil binds
    /// NULL (all sources).
    package var source: String?
    /// `--param name=value`, by parameter name.
    package var values: [String: String]
    /// True when one set of arguments serves several results (the sheets of a workbook): a
    /// result then ignores a period or `--param` it does not take, instead of refusing it.
    package var isShared = false

    package init(period: ReportPeriod? = nil, values: [String: String] = [:], source: String? = nil) {
        self.period = period
        self.values = values
        self.source = source
    }

    /// A month's arguments (none when `month` is nil).
    package init(month: ReportMonth?, values: [String: String] = [:], source: String? = nil) {
        self.init(period: month.map(ReportPeriod.month), values: values, source: source)
    }

    /// Parses `--param k=v` values (repeatable) for the period given.
    package static func parse(period: ReportPeriod?, params: [String]) throws(ReportError) -> ReportArguments {
        var arguments = ReportArguments(period: period)
        for param in params {
            guard let equals = param.firstIndex(of: "="), equals != param.startIndex else {
                throw ReportError(.invalidParameter, "--param expects name=value (e.g. --param limit=20)")
            }
            let name = String(param[..<equals])
            guard arguments.values[name] == nil else {
                throw ReportError(.invalidParameter, "--param \(name) is given twice; give it once")
            }
            arguments.values[name] = String(param[param.index(after: equals)...])
        }
        return arguments
    }

    /// Parses the command line's strings: `--month 2026-10`, `--quarter 2026-Q3`, `--year
    /// 2026`, `--from/--to 2026-10-05`, `--param k=v` (repeatable), `--source NAME`.
    package static func parse(
        month: String? = nil, quarter: String? = nil, year: String? = nil, from: String?, to: String?,
        params: [String], source: String? = nil
    ) throws(ReportError) -> ReportArguments {
        let period = try ReportPeriod.given(
            month: try month.map { v throws(ReportError) in try ReportMonth(parsing: v, parameter: "month") },
            quarter: try quarter.map { v throws(ReportError) in try ReportQuarter(parsing: v, parameter: "quarter") },
            year: try year.map { v throws(ReportError) in try ReportYear(parsing: v, parameter: "year") },
            from: try from.map { v throws(ReportError) in try ReportDate(parsing: v, parameter: "from") },
            to: try to.map { v throws(ReportError) in try ReportDate(parsing: v, parameter: "to") })
        var arguments = try parse(period: period, params: params)
        arguments.source = source
        return arguments
    }
}

/// A value bound to a statement parameter.
enum BoundValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let value): return value.databaseValue
        case .real(let value): return value.databaseValue
        case .text(let value): return value.databaseValue
        }
    }

    /// How the sqlite3 shell's `.param set` reads an unquoted value: integers and
    /// decimals are numbers, anything else text.
    static func inferred(_ text: String) -> BoundValue {
        if let integer = Int64(text) { return .integer(integer) }
        if let real = Double(text), text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), real.isFinite {
            return .real(real)
        }
        return .text(text)
    }
}

/// The parameters of one run: values by bound name, and a readable list for the result.
package struct BoundParameters: Sendable {
    /// `:name` → value.
    var values: [String: BoundValue] = [:]
    /// The declared parameters and their values as text, in declaration order.
    package var display: [(name: String, value: String)] = []

    /// The value bound to `:name` as SQLite will see it (nil when not bound).
    package func value(of name: String) -> String? {
        switch values[name] {
        case nil: return nil
        case .null: return ""
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return value
        }
    }

    /// GRDB named arguments for exactly the names the statement uses.
    func statementArguments(for names: [String]) -> StatementArguments {
        var dictionary: [String: (any DatabaseValueConvertible)?] = [:]
        for name in names { dictionary[name] = values[name]?.databaseValue ?? .null }
        return StatementArguments(dictionary)
    }
}
