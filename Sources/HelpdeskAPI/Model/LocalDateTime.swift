/// A wall-clock timestamp in the helpdesk's local time, as the API sends it (`Y-m-d H:i:s`).
///
/// The API carries no time zone, so none is invented: arithmetic treats the value as a
/// naive calendar time (no DST jumps), which is what a support manager means by "opened at
/// 09:15". For example:
///
///     let opened = LocalDateTime(parsing: "2026-10-05 09:15:00")!
///     opened.description            // "2026-10-05 09:15:00"
///     opened.weekday                // 1 (Monday; 0 is Sunday)
package struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int
    package let hour: Int
    package let minute: Int
    package let second: Int

    /// Creates a timestamp from validated components; returns nil for an impossible date.
    package init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDateTime.daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Creates a timestamp from naive seconds since 1970-01-01 00:00:00.
    package init(secondsSinceEpoch seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondsOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = LocalDateTime.civilFromDays(days)
        self.year = y
        self.month = m
        self.day = d
        self.hour = secondsOfDay / 3600
        self.minute = secondsOfDay % 3600 / 60
        self.second = secondsOfDay % 60
    }

    /// Parses `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`) without DateFormatter.
    ///
    /// Returns nil for anything else, including WHMCS's `0000-00-00 00:00:00` "no date".
    package init?(parsing text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ LocalDateTime(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses the fixed format straight from UTF-8 bytes: the hot path of decoding.
    package init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let digit = Int(bytes[index]) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        let length = bytes.count
        guard length == 10 || length == 19, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        if length == 19 {
            guard bytes[10] == 0x20 || bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
                let h = number(11, 2), let m = number(14, 2), let s = number(17, 2)
            else { return nil }
            (hour, minute, second) = (h, m, s)
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Naive seconds since 1970-01-01 00:00:00 (the helpdesk's wall clock, no zone).
    package var secondsSinceEpoch: Int64 {
        LocalDateTime.daysFromCivil(year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Day of the week: 0 Sunday … 6 Saturday (SQLite's `strftime('%w')`).
    package var weekday: Int {
        let days = LocalDateTime.daysFromCivil(year, month, day)
        return Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4).
    }

    /// The store's text form, `YYYY-MM-DD HH:MM:SS`, which sorts and compares as text.
    package var description: String {
        var bytes = [UInt8](repeating: 0, count: 19)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                bytes[at + offset] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(year, 0, 4)
        bytes[4] = 0x2D
        put(month, 5, 2)
        bytes[7] = 0x2D
        put(day, 8, 2)
        bytes[10] = 0x20
        put(hour, 11, 2)
        bytes[13] = 0x3A
        put(minute, 14, 2)
        bytes[16] = 0x3A
        put(second, 17, 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// The number of days in a month, leap years included.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
