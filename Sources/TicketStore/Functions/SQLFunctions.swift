/// SQL functions registered on every connection of the store (installed natively, see
/// ``NativeSQLFunction`` and ``native(calendar:)``):
///
/// - `median(x)`: the median of the non-NULL values (aggregate).
/// - `percentile(x, p)`: Excel's `PERCENTILE.INC` / numpy's default, `p` in [0, 1] (aggregate).
/// - `business_seconds(start, end)`: seconds of working time between two store timestamps
///   under the configured calendar; 0 when `end <= start`, NULL when either is NULL.
package enum SQLFunctions {
    /// `PERCENTILE.INC`: linear interpolation between closest ranks of the sorted values.
    ///
    /// For example, of [1, 2, 3, 4] the 0.9 percentile is 3 + 0.7 × (4 − 3) = 3.7.
    package static func percentile(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        let rank = p * Double(values.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        return values[lower] + (rank - Double(lower)) * (values[upper] - values[lower])
    }
}
