import HelpdeskAPI

/// Working hours per weekday plus holidays, in the helpdesk's local time.
///
/// Business-hours figures count only the seconds inside these windows. For example, with
/// the default calendar (Mon–Fri 09:00–17:00):
///
///     let calendar = BusinessCalendar.standard
///     // Friday 16:00 → Monday 10:00 is 1 h on Friday + 1 h on Monday.
///     calendar.businessSeconds(from: friday1600, to: monday1000)   // 7200
package struct BusinessCalendar: Sendable, Equatable, Hashable {
    /// Opening window of one weekday, in seconds after midnight: `[open, close)`.
    package struct Window: Sendable, Equatable, Hashable {
        package var open: Int
        package var close: Int
        package init(open: Int, close: Int) {
            self.open = open
            self.close = close
        }
    }

    /// Index 0 is Sunday … 6 Saturday; nil means closed all day.
    package var windows: [Window?]
    /// Closed days, as days since 1970-01-01.
    package var holidays: Set<Int64>

    package init(windows: [Window?], holidays: Set<Int64> = []) {
        precondition(windows.count == 7, "a business calendar has seven weekdays")
        self.windows = windows
        self.holidays = holidays
    }

    /// Monday to Friday, 09:00–17:00, no holidays: the default.
    package static let standard: BusinessCalendar = {
        let day = Window(open: 9 * 3600, close: 17 * 3600)
        return BusinessCalendar(windows: [nil, day, day, day, day, day, nil])
    }()

    /// Adds holidays given as local dates.
    package mutating func addHoliday(_ date: LocalDateTime) {
        holidays.insert(date.secondsSinceEpoch / 86_400)
    }

    /// Seconds between two instants that fall inside working hours; 0 when `end <= start`.
    package func businessSeconds(from start: LocalDateTime, to end: LocalDateTime) -> Int64 {
        businessSeconds(from: start.secondsSinceEpoch, to: end.secondsSinceEpoch)
    }

    /// The same on naive epoch seconds.
    package func businessSeconds(from start: Int64, to end: Int64) -> Int64 {
        guard end > start else { return 0 }
        let firstDay = floorDiv(start, 86_400)
        let lastDay = floorDiv(end, 86_400)
        var total = seconds(onDay: firstDay, from: start, to: end)
        guard lastDay > firstDay else { return total }
        total += seconds(onDay: lastDay, from: start, to: end)
        // The days in between are whole: each run of seven is a week's hours less the
        // holidays on open days in it, so a span of months (an unanswered ticket's age)
        // costs a few steps, not one per day; the remaining days go one by one.
        var day = firstDay + 1
        let weeks = (lastDay - day) / 7
        if weeks > 0 {
            total += weeks * weekSeconds - holidaySeconds(from: day, to: day + weeks * 7)
            day += weeks * 7
        }
        while day < lastDay {
            total += seconds(onDay: day, from: start, to: end)
            day += 1
        }
        return total
    }

    /// The part of `[start, end)` inside day `day`'s window (0 when closed or a holiday).
    private func seconds(onDay day: Int64, from start: Int64, to end: Int64) -> Int64 {
        guard let window = windows[Self.weekday(day)], !holidays.contains(day) else { return 0 }
        let dayStart = day * 86_400
        let open = max(start, dayStart + Int64(window.open))
        let close = min(end, dayStart + Int64(window.close))
        return close > open ? close - open : 0
    }

    /// Open seconds in a whole week, holidays aside.
    private var weekSeconds: Int64 {
        windows.reduce(0) { total, window in total + (window.map { Int64(max(0, $0.close - $0.open)) } ?? 0) }
    }

    /// Open seconds lost to holidays on days `from..<to`.
    private func holidaySeconds(from: Int64, to: Int64) -> Int64 {
        holidays.reduce(0) { total, day in
            guard day >= from, day < to, let window = windows[Self.weekday(day)] else { return total }
            return total + Int64(max(0, window.close - window.open))
        }
    }

    /// 0 Sunday … 6 Saturday for days since 1970-01-01 (a Thursday).
    private static func weekday(_ day: Int64) -> Int { Int(((day % 7) + 11) % 7) }

    /// A stable text form, recorded with stored business-hours figures.
    package var fingerprint: String {
        let days = windows.map { window in window.map { "\($0.open)-\($0.close)" } ?? "closed" }
        return days.joined(separator: ",") + ";" + holidays.sorted().map(String.init).joined(separator: ",")
    }
}

@inline(__always)
func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    value >= 0 ? value / divisor : (value - divisor + 1) / divisor
}
