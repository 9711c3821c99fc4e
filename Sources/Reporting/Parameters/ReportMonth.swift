import Foundation
import GRDB
import HelpdeskAPI
import TicketStore

/// A calendar month, the period most reports run over: `--month 2026-10`.
///
/// It binds as the half-open range `[2026-10-01 00:00:00, 2026-11-01 00:00:00)` in the
/// store's text form, so it compares directly with `opened_at` and `created_at`:
///
///     let month = try ReportMonth(parsing: "2026-10")
///     month.startText          // "2026-10-01 00:00:00"
///     month.next.startText     // "2026-11-01 00:00:00" (the exclusive end)
package struct ReportMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int
    /// 1 … 12.
    package let month: Int

    package init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`; `parameter` names the value in the error.
    package init(parsing text: String, parameter: String = "month") throws(ReportError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let value = ReportMonth(year: year, month: month)
        else {
            throw ReportError(.invalidParameter, "\(parameter) must be YYYY-MM with a month 01–12")
        }
        self = value
    }

    /// `2026-10`.
    package var description: String { String(format: "%04d-%02d", year, month) }

    package var firstDay: ReportDate { ReportDate(year: year, month: month, day: 1)! }
    package var lastDay: ReportDate {
        ReportDate(year: year, month: month, day: LocalDateTime.daysIn(month: month, year: year))!
    }
    /// `YYYY-MM-01 00:00:00`, the inclusive start.
    package var startText: String { firstDay.startText }

    package var next: ReportMonth { adding(months: 1) }
    package var previous: ReportMonth { adding(months: -1) }

    package func adding(months: Int) -> ReportMonth {
        let index = year * 12 + (month - 1) + months
        return ReportMonth(year: index / 12, month: index % 12 + 1) ?? self
    }

    package static func < (lhs: ReportMonth, rhs: ReportMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// The default period: the last complete month in the store, i.e. the month before the
    /// month of the newest `opened_at`. An empty store falls back to the month before
    /// `today` (the helpdesk's wall clock is unknown, so the machine's calendar stands in).
    ///
    ///     let month = try ReportMonth.lastComplete(in: store)   // newest ticket 2026-11-02 → 2026-10
    package static func lastComplete(in store: TicketStore, today: Date = Date()) throws(ReportError) -> ReportMonth {
        let newest: String?
        do {
            newest = try store.reader.read { db in
                try String.fetchOne(db, sql: "SELECT max(opened_at) FROM tickets")
            }
        } catch {
            throw ReportError(.store, "cannot read \(store.path): \(ReportRunner.describe(error))")
        }
        if let newest, let date = LocalDateTime(parsing: newest),
            let month = ReportMonth(year: date.year, month: date.month)
        {
            return month.previous
        }
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: today)
        return (ReportMonth(year: parts.year ?? 2000, month: parts.month ?? 1) ?? ReportMonth(year: 2000, month: 1)!)
            .previous
    }
}

/// A calendar day, for `date` parameters (`--from`, `--to`, `as_of`).
///
/// It binds as `YYYY-MM-DD 00:00:00`, the start of the day.
package struct ReportDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    package init?(year: Int, month: Int, day: Int) {
        guard LocalDateTime(year: year, month: month, day: day) != nil else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `parameter` names the value in the error.
    package init(parsing text: String, parameter: String) throws(ReportError) {
        guard text.count == 10, text.allSatisfy(\.isASCII), let value = LocalDateTime(parsing: text),
            let date = ReportDate(year: value.year, month: value.month, day: value.day)
        else {
            throw ReportError(.invalidParameter, "\(parameter) must be a date YYYY-MM-DD (a real calendar day)")
        }
        self = date
    }

    init(_ value: LocalDateTime) {
        self.year = value.year
        self.month = value.month
        self.day = value.day
    }

    /// `2026-10-05`.
    package var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    /// `2026-10-05 00:00:00`, as bound.
    package var startText: String { description + " 00:00:00" }

    var localDateTime: LocalDateTime { LocalDateTime(year: year, month: month, day: day)! }

    package func adding(days: Int) -> ReportDate {
        ReportDate(LocalDateTime(secondsSinceEpoch: localDateTime.secondsSinceEpoch + Int64(days) * 86_400))
    }

    /// Days from `self` to `other` (positive when `other` is later).
    package func days(to other: ReportDate) -> Int {
        Int((other.localDateTime.secondsSinceEpoch - localDateTime.secondsSinceEpoch) / 86_400)
    }

    /// The month this day falls in.
    package var containingMonth: ReportMonth { ReportMonth(year: year, month: month)! }

    package static func < (lhs: ReportDate, rhs: ReportDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
