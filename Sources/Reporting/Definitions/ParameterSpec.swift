/// The type of a report parameter, as declared under `params:`.
package enum ParameterType: String, Sendable, CaseIterable, Equatable {
    /// `YYYY-MM`; binds `:<name>` (`2026-10`), `:<name>_start`, `:<name>_end` (exclusive),
    /// `:prev_<name>_start` and `:prev_<name>_end`, all but the first as `YYYY-MM-DD 00:00:00`.
    case month
    /// `YYYY-MM-DD`; binds `:<name>` as `YYYY-MM-DD 00:00:00` and `:<name>_end` as the next
    /// day's midnight, so `x < :to_end` includes the whole `to` day.
    case date
    /// Any text, bound as text.
    case string
    /// An integer, bound as an integer.
    case int
}

/// One declared parameter of a report.
///
/// Declared in the header either as `name: type` or with details:
///
///     params:
///       month: month
///       as_of: { type: date, default: month_end, description: Age is measured at this day }
///       limit: { type: int, default: 20 }
package struct ParameterSpec: Sendable, Equatable {
    /// What happens when the caller gives no value.
    package enum Default: Sendable, Equatable {
        /// The caller must give one (a `month` falls back to the store's last complete month).
        case none
        /// NULL is bound; the SQL decides (e.g. `coalesce(:as_of, …)`).
        case null
        /// A literal of the parameter's type, or for a `date` the name of another bound
        /// value such as `month_end`.
        case value(String)
    }

    package var name: String
    package var type: ParameterType
    package var defaultValue: Default
    package var description: String
    /// The header line that declares it.
    package var line: Int

    package init(
        name: String, type: ParameterType, defaultValue: Default = .none, description: String = "", line: Int = 0
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.description = description
        self.line = line
    }

    /// The `:names` this parameter binds in the SQL.
    package var boundNames: [String] {
        switch type {
        case .month: return [name, "\(name)_start", "\(name)_end", "prev_\(name)_start", "prev_\(name)_end"]
        case .date: return [name, "\(name)_end"]
        case .string, .int: return [name]
        }
    }
}

/// Label and format of one result column, from the header's `columns:`.
package struct ColumnSpec: Sendable, Equatable {
    package var name: String
    package var label: String?
    package var format: ColumnFormat?
    package var line: Int

    package init(name: String, label: String? = nil, format: ColumnFormat? = nil, line: Int = 0) {
        self.name = name
        self.label = label
        self.format = format
        self.line = line
    }
}

/// The chart a report asks for, before its columns are checked against the result.
package struct ChartDefinition: Sendable, Equatable {
    package var kind: ChartSpec.Kind
    package var x: String
    /// nil for a heatmap means "every column but x".
    package var y: [String]?
    package var title: String?
    package var line: Int

    package init(kind: ChartSpec.Kind, x: String, y: [String]?, title: String? = nil, line: Int = 0) {
        self.kind = kind
        self.x = x
        self.y = y
        self.title = title
        self.line = line
    }
}
