import GRDB
import HelpdeskAPI

/// SQL functions registered on every connection of the store.
///
/// - `median(x)`: the median of the non-NULL values (aggregate).
/// - `percentile(x, p)`: Excel's `PERCENTILE.INC` / numpy's default, `p` in [0, 1] (aggregate).
/// - `business_seconds(start, end)`: seconds of working time between two store timestamps
///   under the configured calendar; 0 when `end <= start`, NULL when either is NULL.
public enum SQLFunctions {
    public static func all(calendar: BusinessCalendar) -> [DatabaseFunction] {
        [
            DatabaseFunction("median", argumentCount: 1, pure: true, aggregate: PercentileAggregate.Median.self),
            DatabaseFunction("percentile", argumentCount: 2, pure: true, aggregate: PercentileAggregate.self),
            DatabaseFunction("business_seconds", argumentCount: 2, pure: true) { values in
                guard let start = values[0].localDateTime, let end = values[1].localDateTime else { return nil }
                return calendar.businessSeconds(from: start, to: end)
            },
        ]
    }

    /// `PERCENTILE.INC`: linear interpolation between closest ranks of the sorted values.
    ///
    /// For example, of [1, 2, 3, 4] the 0.9 percentile is 3 + 0.7 × (4 − 3) = 3.7.
    public static func percentile(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        let rank = p * Double(values.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        return values[lower] + (rank - Double(lower)) * (values[upper] - values[lower])
    }
}

/// Collects values for `percentile(x, p)`; NULLs are ignored, a NULL or bad `p` is an error.
struct PercentileAggregate: DatabaseAggregate {
    var values: [Double] = []
    var p: Double?

    init() {}

    mutating func step(_ dbValues: [DatabaseValue]) throws {
        if p == nil {
            guard let fraction = Double.fromDatabaseValue(dbValues[1]), fraction >= 0, fraction <= 1 else {
                throw DatabaseError(message: "percentile(x, p): p must be a number between 0 and 1")
            }
            p = fraction
        }
        if let value = Double.fromDatabaseValue(dbValues[0]) { values.append(value) }
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        SQLFunctions.percentile(sorted: values.sorted(), p ?? 0.5)
    }

    /// `median(x)`, the 0.5 percentile.
    struct Median: DatabaseAggregate {
        var values: [Double] = []
        init() {}
        mutating func step(_ dbValues: [DatabaseValue]) throws {
            if let value = Double.fromDatabaseValue(dbValues[0]) { values.append(value) }
        }
        func finalize() throws -> (any DatabaseValueConvertible)? {
            SQLFunctions.percentile(sorted: values.sorted(), 0.5)
        }
    }
}

extension DatabaseValue {
    /// The value as a store timestamp, when it is `YYYY-MM-DD[ HH:MM:SS]` text.
    var localDateTime: LocalDateTime? {
        guard let text = String.fromDatabaseValue(self) else { return nil }
        return LocalDateTime(parsing: text)
    }
}
