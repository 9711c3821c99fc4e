import HelpdeskAPI
import Testing

@testable import Config

/// `businessSeconds` skips whole weeks; it must give what walking every day gives.
@Suite("Business calendar")
struct BusinessCalendarTests {
    /// The plain definition: every day's window clipped to the span, holidays closed.
    static func walk(_ calendar: BusinessCalendar, _ start: Int64, _ end: Int64) -> Int64 {
        guard end > start else { return 0 }
        var total: Int64 = 0
        var day = floorDiv(start, 86_400)
        while day <= floorDiv(end, 86_400) {
            if let window = calendar.windows[Int(((day % 7) + 11) % 7)], !calendar.holidays.contains(day) {
                let open = max(start, day * 86_400 + Int64(window.open))
                let close = min(end, day * 86_400 + Int64(window.close))
                if close > open { total += close - open }
            }
            day += 1
        }
        return total
    }

    static var calendars: [BusinessCalendar] {
        var withHolidays = BusinessCalendar.standard
        for text in ["2026-12-25", "2026-12-26", "2027-01-01", "2026-10-12", "2025-05-01", "2026-11-28"] {
            withHolidays.addHoliday(LocalDateTime(parsing: text)!)
        }
        let odd = BusinessCalendar(windows: [
            nil, .init(open: 8 * 3600, close: 12 * 3600), .init(open: 0, close: 86_400), nil,
            .init(open: 13 * 3600, close: 13 * 3600 + 1), .init(open: 9 * 3600, close: 16 * 3600),
            .init(open: 10 * 3600, close: 14 * 3600),
        ])
        return [.standard, withHolidays, odd, BusinessCalendar(windows: Array(repeating: nil, count: 7))]
    }

    @Test func skippingWeeksMatchesTheDayByDayWalk() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(bound))
        }
        let origin = LocalDateTime(parsing: "2025-06-01 00:00:00")!.secondsSinceEpoch
        for calendar in Self.calendars {
            for _ in 0..<2_000 {
                let start = origin + next(600 * 86_400)
                // Spans from seconds to over a year, and some ending on midnight exactly.
                var end = start + [next(3_600), next(9 * 86_400), next(400 * 86_400)][Int(next(3))]
                if next(5) == 0 { end = (end / 86_400) * 86_400 }
                #expect(
                    calendar.businessSeconds(from: start, to: end) == Self.walk(calendar, start, end),
                    "\(LocalDateTime(secondsSinceEpoch: start)) → \(LocalDateTime(secondsSinceEpoch: end))")
            }
        }
    }

    @Test func beforeTheEpochToo() {
        let start = LocalDateTime(parsing: "1969-11-03 10:00:00")!.secondsSinceEpoch
        let end = LocalDateTime(parsing: "1970-02-17 11:30:00")!.secondsSinceEpoch
        for calendar in Self.calendars {
            #expect(calendar.businessSeconds(from: start, to: end) == Self.walk(calendar, start, end))
        }
    }
}
