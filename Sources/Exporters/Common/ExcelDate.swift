import Foundation

/// Excel serial dates from the store's text timestamps, parsed by hand.
///
/// A report can hold a million timestamps; DateFormatter would dominate the export time.
/// The store writes `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (local time, no zone), so the
/// serial is plain calendar arithmetic. `T` instead of the space, `HH:MM` without seconds
/// and fractional seconds are accepted too; anything else (including the helpdesk's
/// `0000-00-00 00:00:00`) is not a date and stays text.
enum ExcelDate {
    /// Days from 1899-12-30 (Excel's effective day 0) to 1970-01-01.
    private static let unixEpochSerial = 25569.0

    /// The Excel serial number (days, fraction for the time) for store text, or nil.
    static func serial(fromStoreText text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// The Excel serial number of an instant, as seen on a wall clock in `timeZone`.
    static func serial(from date: Date, timeZone: TimeZone) -> Double {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return local / 86400 + unixEpochSerial
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count == 10 || count >= 16 else { return nil }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2)
        else { return nil }
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month)
        else { return nil }

        var seconds = 0.0
        if count > 10 {
            guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
                let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), hour < 24, minute < 60
            else { return nil }
            seconds = Double(hour * 3600 + minute * 60)
            if count > 16 {
                guard count >= 19, bytes[16] == UInt8(ascii: ":"), let second = number(bytes, 17, 2), second < 60
                else { return nil }
                seconds += Double(second)
                if count > 19 {
                    guard bytes[19] == UInt8(ascii: "."), count > 20, let fraction = number(bytes, 20, count - 20)
                    else { return nil }
                    seconds += Double(fraction) / pow(10, Double(count - 20))
                }
            }
        }

        var serial = Double(daysFromCivil(year: year, month: month, day: day)) + unixEpochSerial
        // Excel counts a 29 February 1900 that never was; days before it are one lower.
        if serial < 61 { serial -= 1 }
        guard serial >= 1 else { return nil }
        return serial + seconds / 86400
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        guard length > 0, length <= 9, start + length <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + length) {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
