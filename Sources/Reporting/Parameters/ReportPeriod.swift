/// The period a command asks about, parsed once from `--month`, `--quarter`, `--year` or
/// `--from/--to` and handed to every report, query and export of the run.
///
/// Every form binds as the half-open range `[start, end)` in the store's text form:
///
///     let october = ReportPeriod.month(try ReportMonth(parsing: "2026-10"))
///     october.startText   // "2026-10-01 00:00:00"
///     october.endText     // "2026-11-01 00:00:00"
///     october.previous    // .month(2026-09)
///     ReportPeriod.quarter(try ReportQuarter(parsing: "2026-Q1")).previous   // .quarter(2025-Q4)
package enum ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    case month(ReportMonth)
    case quarter(ReportQuarter)
    case year(ReportYear)
    /// Whole days, both inclusive.
    case days(from: ReportDate, through: ReportDate)

    /// The period `--month`, `--from` and `--to` describe, after checking they fit together;
    /// nil when none is given.
    package static func given(month: ReportMonth?, from: ReportDate?, to: ReportDate?) throws(ReportError)
        -> ReportPeriod?
    {
        try given(month: month, quarter: nil, year: nil, from: from, to: to)
    }

    /// The period the command line describes: at most one of `--month`, `--quarter` and
    /// `--year`, or `--from` with `--to`; nil when none is given.
    package static func given(
        month: ReportMonth?, quarter: ReportQuarter?, year: ReportYear?, from: ReportDate?, to: ReportDate?
    ) throws(ReportError) -> ReportPeriod? {
        let named: [(flag: String, period: ReportPeriod)] =
            [
                month.map { ("--month", .month($0)) }, quarter.map { ("--quarter", .quarter($0)) },
                year.map { ("--year", .year($0)) },
            ].compactMap { $0 }
        if named.count > 1 {
            throw ReportError(
                .invalidParameter,
                "give one period: --month, --quarter or --year, not \(named.map(\.flag).joined(separator: " and "))")
        }
        if let only = named.first {
            if from != nil || to != nil {
                throw ReportError(.invalidParameter, "give either \(only.flag) or --from/--to, not both")
            }
            return only.period
        }
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
        case .quarter(let quarter): return quarter.firstMonth.firstDay
        case .year(let year): return ReportDate(year: year.year, month: 1, day: 1)!
        case .days(let from, _): return from
        }
    }

    package var lastDay: ReportDate {
        switch self {
        case .month(let month): return month.lastDay
        case .quarter(let quarter): return quarter.lastMonth.lastDay
        case .year(let year): return ReportDate(year: year.year, month: 12, day: 31)!
        case .days(_, let through): return through
        }
    }

    /// The inclusive start, `YYYY-MM-DD 00:00:00`.
    package var startText: String { firstDay.startText }
    /// The exclusive end: the midnight after the last day.
    package var endText: String { lastDay.adding(days: 1).startText }

    /// The period just before, of the same kind: the month, quarter or year before, or as
    /// many days just before a range.
    package var previous: ReportPeriod {
        switch self {
        case .month(let month): return .month(month.previous)
        case .quarter(let quarter): return .quarter(quarter.previous)
        case .year(let year): return .year(year.previous)
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

    /// True for a range of days (`--from/--to`), false for a calendar month, quarter or year.
    package var isDays: Bool {
        if case .days = self { return true }
        return false
    }

    /// The calendar months the period covers, in order (for a range of days, every month it
    /// touches).
    package var months: [ReportMonth] {
        switch self {
        case .month(let month): return [month]
        case .quarter(let quarter): return quarter.months
        case .year(let year): return year.months
        case .days(let from, let through):
            var months = [from.containingMonth]
            while let last = months.last, last < through.containingMonth { months.append(last.next) }
            return months
        }
    }

    /// `month`, `quarter`, `year` or `days`.
    package var unit: String {
        switch self {
        case .month: return "month"
        case .quarter: return "quarter"
        case .year: return "year"
        case .days: return "days"
        }
    }

    /// The option that gives this kind of period, for messages: `--month`, `--from/--to` …
    package var flag: String { isDays ? "--from/--to" : "--\(unit)" }

    /// `2026-10`, `2026-Q3`, `2026`, or `2026-10-01..2026-10-15`.
    package var description: String {
        switch self {
        case .month(let month): return month.description
        case .quarter(let quarter): return quarter.description
        case .year(let year): return year.description
        case .days(let from, let through): return "\(from)..\(through)"
        }
    }
}
