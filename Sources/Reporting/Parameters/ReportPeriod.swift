/// The period a command asks about, parsed once from `--month` or `--from/--to` and handed
/// to every report, query and export of the run.
///
/// Both forms bind as the half-open range `[start, end)` in the store's text form:
///
///     let october = ReportPeriod.month(try ReportMonth(parsing: "2026-10"))
///     october.startText   // "2026-10-01 00:00:00"
///     october.endText     // "2026-11-01 00:00:00"
///     october.previous    // .month(2026-09)
package enum ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    case month(ReportMonth)
    /// Whole days, both inclusive.
    case days(from: ReportDate, through: ReportDate)

    /// The period `--month`, `--from` and `--to` describe, after checking they fit together;
    /// nil when none is given.
    package static func given(month: ReportMonth?, from: ReportDate?, to: ReportDate?) throws(ReportError)
        -> ReportPeriod?
    {
        if month != nil, from != nil || to != nil {
            throw ReportError(.invalidParameter, "give either --month or --from/--to, not both")
        }
        if let month { return .month(month) }
        guard let from, let to else {
            if from != nil || to != nil {
                throw ReportError(.invalidParameter, "--from and --to go together (both inclusive days)")
            }
            return nil
        }
        guard from <= to else { throw ReportError(.invalidParameter, "--to must not be before --from") }
        return .days(from: from, through: to)
    }

    package var firstDay: ReportDate {
        switch self {
        case .month(let month): return month.firstDay
        case .days(let from, _): return from
        }
    }

    package var lastDay: ReportDate {
        switch self {
        case .month(let month): return month.lastDay
        case .days(_, let through): return through
        }
    }

    /// The inclusive start, `YYYY-MM-DD 00:00:00`.
    package var startText: String { firstDay.startText }
    /// The exclusive end: the midnight after the last day.
    package var endText: String { lastDay.adding(days: 1).startText }

    /// The period just before, of the same length: the month before, or as many days.
    package var previous: ReportPeriod {
        switch self {
        case .month(let month): return .month(month.previous)
        case .days(let from, let through):
            let length = from.days(to: through.adding(days: 1))
            return .days(from: from.adding(days: -length), through: from.adding(days: -1))
        }
    }

    /// The month, when the period is one.
    package var month: ReportMonth? {
        if case .month(let month) = self { return month }
        return nil
    }

    /// `2026-10`, or `2026-10-01..2026-10-15`.
    package var description: String {
        switch self {
        case .month(let month): return month.description
        case .days(let from, let through): return "\(from)..\(through)"
        }
    }
}
