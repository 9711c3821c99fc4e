import Foundation

/// A calendar quarter, for quarterly reviews: `--quarter 2026-Q3`.
///
/// It binds like a month, as the half-open range of its three months:
///
///     let quarter = try ReportQuarter(parsing: "2026-Q3")
///     quarter.firstMonth.startText   // "2026-07-01 00:00:00"
///     quarter.next.firstMonth        // 2026-10, the exclusive end
///     quarter.previous               // 2026-Q2
package struct ReportQuarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int
    /// 1 … 4.
    package let quarter: Int

    package init?(year: Int, quarter: Int) {
        guard (1...9999).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses `YYYY-QN` (`q` in either case); `parameter` names the value in the error.
    package init(parsing text: String, parameter: String = "quarter") throws(ReportError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[1].count == 2, parts[1].first == "Q" || parts[1].first == "q",
            let digit = parts[1].last, digit.isASCII, let number = digit.wholeNumberValue,
            let year = Int(parts[0]), let value = ReportQuarter(year: year, quarter: number)
        else {
            throw ReportError(.invalidParameter, "\(parameter) must be YYYY-QN with a quarter Q1–Q4 (e.g. 2026-Q3)")
        }
        self = value
    }

    /// `2026-Q3`.
    package var description: String { String(format: "%04d-Q%d", year, quarter) }

    /// The quarter's three months, in order.
    package var months: [ReportMonth] {
        let first = ReportMonth(year: year, month: quarter * 3 - 2)!
        return [first, first.next, first.adding(months: 2)]
    }

    package var firstMonth: ReportMonth { months[0] }
    package var lastMonth: ReportMonth { months[2] }

    package var next: ReportQuarter { adding(quarters: 1) }
    package var previous: ReportQuarter { adding(quarters: -1) }

    package func adding(quarters: Int) -> ReportQuarter {
        let index = year * 4 + (quarter - 1) + quarters
        return ReportQuarter(year: index / 4, quarter: index % 4 + 1) ?? self
    }

    /// The quarter a month falls in.
    package init(containing month: ReportMonth) {
        self.year = month.year
        self.quarter = (month.month - 1) / 3 + 1
    }

    package static func < (lhs: ReportQuarter, rhs: ReportQuarter) -> Bool {
        (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter)
    }
}

/// A calendar year: `--year 2026`, bound as `[2026-01-01 00:00:00, 2027-01-01 00:00:00)`.
package struct ReportYear: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int

    package init?(_ year: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.year = year
    }

    /// Parses `YYYY` (four digits, so `26` is refused rather than read as year 26).
    package init(parsing text: String, parameter: String = "year") throws(ReportError) {
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text),
            let value = ReportYear(number)
        else {
            throw ReportError(.invalidParameter, "\(parameter) must be YYYY, four digits (e.g. 2026)")
        }
        self = value
    }

    /// `2026`.
    package var description: String { String(format: "%04d", year) }

    /// January to December.
    package var months: [ReportMonth] { (1...12).map { ReportMonth(year: year, month: $0)! } }
    package var quarters: [ReportQuarter] { (1...4).map { ReportQuarter(year: year, quarter: $0)! } }

    package var next: ReportYear { ReportYear(year + 1) ?? self }
    package var previous: ReportYear { ReportYear(year - 1) ?? self }

    package static func < (lhs: ReportYear, rhs: ReportYear) -> Bool { lhs.year < rhs.year }
}
