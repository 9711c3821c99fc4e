/// Turns what the user typed into the values bound to a report's `:names`, checking each
/// against its declared type. Values are only ever bound, never spliced into SQL.
struct ParameterBinder {
    /// `report "sla"` or `query`, for messages.
    var subject: String
    var parameters: [ParameterSpec]
    /// The period when none is given: the store's last complete month (asked lazily).
    var defaultMonth: () throws(ReportError) -> ReportMonth

    func bind(_ arguments: ReportArguments, undeclared: [String] = []) throws(ReportError) -> BoundParameters {
        let declared = parameters.map(\.name)
        let monthParameter =
            parameters.first { $0.type == .month && $0.name == "month" }
            ?? (parameters.filter { $0.type == .month }.count == 1 ? parameters.first { $0.type == .month } : nil)
        let hasRange = parameters.contains { $0.type == .date && ($0.name == "from" || $0.name == "to") }

        for name in arguments.values.keys.sorted()
        where !declared.contains(name) && !undeclared.contains(name) && !arguments.isShared {
            let known =
                declared.isEmpty ? "it takes no parameters" : "its parameters: \(declared.joined(separator: ", "))"
            throw ReportError(.invalidParameter, "\(subject) has no parameter \"\(name)\" (\(known))")
        }
        if let period = arguments.period, monthParameter == nil, !hasRange, !arguments.isShared {
            throw ReportError(
                .invalidParameter,
                period.isDays
                    ? "\(subject) has no period parameter; drop --from/--to"
                    : "\(subject) has no month parameter; drop \(period.flag)")
        }
        // `--source` fills a declared `source` parameter, or an ad-hoc query's `:source`.
        let sourceParameter = parameters.first { $0.name == "source" && $0.type == .string }
        if arguments.source != nil, !arguments.isShared {
            if sourceParameter == nil && !undeclared.contains("source") {
                throw ReportError(
                    .invalidParameter, "\(subject) does not filter by source (it has no :source); drop --source")
            }
            if arguments.values["source"] != nil {
                throw ReportError(.invalidParameter, "give the source once: --source or --param source=…, not both")
            }
        }

        var bound = BoundParameters()
        var shown: [String: String] = [:]
        var references: [(ParameterSpec, String)] = []

        for spec in parameters {
            let given = arguments.values[spec.name]
            switch spec.type {
            case .month:
                if let given {
                    let month = try ReportMonth(parsing: given, parameter: spec.name)
                    shown[spec.name] = bindPeriod(.month(month), spec, &bound)
                } else if spec.name == monthParameter?.name, let period = arguments.period,
                    !period.isDays || !hasRange
                {
                    // A quarter or a year stands in for the month; so does a range of days, unless
                    // the report takes from/to itself.
                    shown[spec.name] = bindPeriod(period, spec, &bound)
                } else {
                    switch spec.defaultValue {
                    case .value(let text):
                        let month = try ReportMonth(parsing: text, parameter: spec.name)
                        shown[spec.name] = bindPeriod(.month(month), spec, &bound)
                    case .null:
                        for name in spec.boundNames { bound.values[name] = .null }
                        shown[spec.name] = ""
                    case .none:
                        shown[spec.name] = bindPeriod(.month(try defaultMonth()), spec, &bound)
                    }
                }
            case .date:
                var date: ReportDate?
                if let given {
                    date = try ReportDate(parsing: given, parameter: spec.name)
                } else if spec.name == "from", let period = arguments.period {
                    date = period.firstDay
                } else if spec.name == "to", let period = arguments.period {
                    date = period.lastDay
                } else {
                    switch spec.defaultValue {
                    case .value(let text):
                        if parameters.contains(where: { $0.boundNames.contains(text) }) {
                            references.append((spec, text))
                            continue
                        }
                        date = try ReportDate(parsing: text, parameter: spec.name)
                    case .null:
                        break
                    case .none:
                        if spec.name == "from" {
                            date = try defaultMonth().firstDay
                        } else if spec.name == "to" {
                            date = try defaultMonth().lastDay
                        } else {
                            throw missing(spec)
                        }
                    }
                }
                shown[spec.name] = bindDate(date, spec, &bound)
            case .int, .string:
                let given = spec.name == sourceParameter?.name ? given ?? arguments.source : given
                guard let text = given ?? defaultText(spec) else {
                    guard spec.defaultValue == .null else { throw missing(spec) }
                    bound.values[spec.name] = .null
                    shown[spec.name] = ""
                    continue
                }
                if spec.type == .int {
                    guard let value = Int64(text) else {
                        throw ReportError(.invalidParameter, "\(spec.name) must be an integer")
                    }
                    bound.values[spec.name] = .integer(value)
                    shown[spec.name] = String(value)
                } else {
                    bound.values[spec.name] = .text(text)
                    shown[spec.name] = text
                }
            }
        }

        // A date default may name another bound value (`as_of` defaults to `month_end`).
        for (spec, reference) in references {
            var date: ReportDate?
            if case .text(let text)? = bound.values[reference], let local = ReportDate.fromStoreText(text) {
                date = local
            }
            shown[spec.name] = bindDate(date, spec, &bound)
        }

        bound.display = parameters.map { ($0.name, shown[$0.name] ?? "") }
        for name in undeclared {
            if let text = arguments.values[name] {
                bound.values[name] = BoundValue.inferred(text)
                bound.display.append((name, text))
            } else if name == "source" {
                // NULL: every source, as in the built-in reports' `(:source IS NULL OR …)`.
                bound.values[name] = arguments.source.map(BoundValue.text) ?? .null
                bound.display.append((name, arguments.source ?? ""))
            }
        }
        return bound
    }

    private func defaultText(_ spec: ParameterSpec) -> String? {
        if case .value(let text) = spec.defaultValue { return text }
        return nil
    }

    private func missing(_ spec: ParameterSpec) -> ReportError {
        ReportError(.invalidParameter, "\(subject) needs parameter \(spec.name) (give --param \(spec.name)=…)")
    }

    /// A month parameter's five names: the period as text (`2026-10`, `2026-Q3`, `2026`),
    /// `[start, end)`, and the previous period's `[start, end)` (the month, quarter or year
    /// before, or as many days just before a range).
    private func bindPeriod(_ period: ReportPeriod, _ spec: ParameterSpec, _ bound: inout BoundParameters) -> String {
        let names = spec.boundNames
        bound.values[names[0]] = .text(period.description)
        bound.values[names[1]] = .text(period.startText)
        bound.values[names[2]] = .text(period.endText)
        bound.values[names[3]] = .text(period.previous.startText)
        bound.values[names[4]] = .text(period.previous.endText)
        return period.description
    }

    private func bindDate(_ date: ReportDate?, _ spec: ParameterSpec, _ bound: inout BoundParameters) -> String {
        let names = spec.boundNames
        guard let date else {
            for name in names { bound.values[name] = .null }
            return ""
        }
        bound.values[names[0]] = .text(date.startText)
        bound.values[names[1]] = .text(date.adding(days: 1).startText)
        return date.description
    }
}

extension ReportDate {
    /// The day of a store timestamp (`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`).
    static func fromStoreText(_ text: String) -> ReportDate? {
        guard text.count >= 10 else { return nil }
        return try? ReportDate(parsing: String(text.prefix(10)), parameter: "date")
    }
}
