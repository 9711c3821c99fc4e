import Foundation
import Reporting

/// Turns cells into the text people read in HTML pages and terminal tables.
///
/// Fixed, locale-independent conventions so a report reads the same on every machine:
/// `1,234` (integer), `1,234.57` (number), `25.0%` (percent, from the fraction 0.25),
/// `3.5` (hours), `1h 05m` / `2d 03h` (duration, from seconds), dates as stored.
/// For example:
///
/// ```swift
/// ValueFormatter.format(.real(0.25), as: .percent)      // "25.0%"
/// ValueFormatter.format(.integer(3900), as: .duration)  // "1h 05m"
/// ```
package enum ValueFormatter {
    /// The cell as display text; NULL is "".
    package static func format(_ value: CellValue, as format: ColumnFormat) -> String {
        switch value {
        case .null:
            return ""
        case .text(let text):
            if format == .date, text.utf8.count > 10, ExcelDate.serial(fromStoreText: text) != nil {
                return String(text.prefix(10))
            }
            return text
        case .integer(let integer):
            switch format {
            case .integer, .number, .percent, .hours, .duration:
                return formatNumber(Double(integer), exactInteger: integer, as: format)
            case .text, .date, .datetime:
                return String(integer)
            }
        case .real(let real):
            switch format {
            case .integer, .number, .percent, .hours, .duration:
                return formatNumber(real, exactInteger: nil, as: format)
            case .text, .date, .datetime:
                return plain(real)
            }
        }
    }

    /// Whether a format holds quantities (right-aligned, charted).
    package static func isNumeric(_ format: ColumnFormat) -> Bool {
        switch format {
        case .integer, .number, .percent, .hours, .duration: return true
        case .text, .date, .datetime: return false
        }
    }

    /// A change between two figures with its sign, e.g. `+12`, `-0.50`, `+2.0 pp`, `+1h 05m`.
    ///
    /// Percent deltas are in percentage points: 25.0% → 27.0% is `+2.0 pp`, not `+8%`.
    package static func formatDelta(_ delta: Double, as format: ColumnFormat) -> String {
        guard delta.isFinite else { return plain(delta) }
        let sign = delta > 0 ? "+" : (delta < 0 ? "-" : "±")
        let magnitude = abs(delta)
        switch format {
        case .percent: return sign + fixed(magnitude * 100, decimals: 1) + " pp"
        case .integer: return sign + fixed(magnitude, decimals: magnitude.rounded() == magnitude ? 0 : 1)
        case .duration: return sign + duration(seconds: magnitude)
        case .number, .text, .date, .datetime: return sign + fixed(magnitude, decimals: 2)
        case .hours: return sign + fixed(magnitude, decimals: 1)
        }
    }

    private static func formatNumber(_ value: Double, exactInteger: Int64?, as format: ColumnFormat) -> String {
        guard value.isFinite else { return plain(value) }
        switch format {
        case .integer:
            if let exactInteger { return grouped(String(exactInteger)) }
            return fixed(value, decimals: 0)
        case .number: return fixed(value, decimals: 2)
        case .percent: return fixed(value * 100, decimals: 1) + "%"
        case .hours: return fixed(value, decimals: 1)
        case .duration: return duration(seconds: value)
        case .text, .date, .datetime: return plain(value)
        }
    }

    /// `3h 05m` under a day, `2d 03h` from a day on; rounded to the minute.
    static func duration(seconds: Double) -> String {
        guard seconds.isFinite else { return plain(seconds) }
        let totalMinutes = Int64((abs(seconds) / 60).rounded())
        let sign = seconds < 0 && totalMinutes > 0 ? "-" : ""
        if totalMinutes < 24 * 60 {
            return "\(sign)\(totalMinutes / 60)h \(twoDigits(totalMinutes % 60))m"
        }
        let totalHours = Int64((abs(seconds) / 3600).rounded())
        return "\(sign)\(grouped(String(totalHours / 24)))d \(twoDigits(totalHours % 24))h"
    }

    /// Fixed decimals with thousands separators; never "-0".
    static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        var result = grouped(String(parts[0]))
        if parts.count == 2 { result += "." + parts[1] }
        return negative ? "-" + result : result
    }

    /// Inserts "," every three digits into a plain integer string (with optional "-").
    static func grouped(_ digits: String) -> String {
        var body = Substring(digits)
        var sign = ""
        if body.hasPrefix("-") {
            sign = "-"
            body = body.dropFirst()
        }
        guard body.count > 3 else { return digits }
        var result = ""
        result.reserveCapacity(body.count + body.count / 3 + 1)
        let leading = body.count % 3
        for (index, character) in body.enumerated() {
            if index > 0 && (index - leading) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return sign + result
    }

    /// A double as Swift prints it (shortest round-trip text), with names for the non-finite.
    static func plain(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
