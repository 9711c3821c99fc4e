import HelpdeskAPI

/// When tickets are opened: a cumulative weight per hour of the simulated period.
///
/// Ticket `i` of `n` is opened at the time where the cumulative weight reaches
/// `(i - 1 + u) / n` of the total (`u` uniform in [0, 1)), so dates grow with the id while
/// weekdays and office hours get most tickets. One binary search per ticket: O(log hours).
struct OpeningCalendar: Sendable {
    /// `cumulative[h]` is the weight of all hours before hour `h`; one extra entry at the end.
    let cumulative: [Double]
    let start: Int64

    static let shared = OpeningCalendar(
        start: SimulatedDataset.periodStart.secondsSinceEpoch,
        end: SimulatedDataset.periodEnd.secondsSinceEpoch)

    init(start: Int64, end: Int64) {
        self.start = start
        let hours = Int((end - start) / 3_600)
        var cumulative = [Double](repeating: 0, count: hours + 1)
        var total = 0.0
        for hour in 0..<hours {
            let time = LocalDateTime(secondsSinceEpoch: start + Int64(hour) * 3_600)
            // The business grows about 30 % over the period.
            let growth = 1 + 0.3 * Double(hour) / Double(hours)
            total += OpeningCalendar.weight(weekday: time.weekday, hour: time.hour) * growth
            cumulative[hour + 1] = total
        }
        self.cumulative = cumulative
    }

    /// Relative ticket volume of one hour of the week.
    static func weight(weekday: Int, hour: Int) -> Double {
        let byHour: Double
        switch hour {
        case 0..<7: byHour = 0.15
        case 7: byHour = 0.5
        case 8: byHour = 1.2
        case 9..<12: byHour = 2.0
        case 12: byHour = 1.5
        case 13..<17: byHour = 1.8
        case 17: byHour = 1.0
        case 18..<22: byHour = 0.6
        default: byHour = 0.3
        }
        switch weekday {
        case 0, 6: return byHour * 0.35
        case 1: return byHour * 1.15  // Monday: the weekend's backlog
        default: return byHour
        }
    }

    /// The opening time at a quantile in [0, 1) of the period's ticket volume.
    func seconds(atQuantile quantile: Double) -> Int64 {
        let total = cumulative[cumulative.count - 1]
        let target = quantile * total
        var low = 0
        var high = cumulative.count - 1
        // Find the last hour whose cumulative start is <= target.
        while high - low > 1 {
            let middle = (low + high) / 2
            if cumulative[middle] <= target { low = middle } else { high = middle }
        }
        let width = cumulative[low + 1] - cumulative[low]
        let fraction = width > 0 ? min(max((target - cumulative[low]) / width, 0), 0.999_999) : 0
        return start + Int64(low) * 3_600 + Int64(fraction * 3_600)
    }

    /// True inside Monday–Friday 09:00–17:00.
    static func isOfficeHours(_ seconds: Int64) -> Bool {
        let time = LocalDateTime(secondsSinceEpoch: seconds)
        return (1...5).contains(time.weekday) && (9..<17).contains(time.hour)
    }

    /// The next weekday 09:00 at or after the given time.
    static func nextOfficeMorning(after seconds: Int64) -> Int64 {
        var day = seconds - ((seconds % 86_400) + 86_400) % 86_400
        if seconds - day >= 9 * 3_600 { day += 86_400 }
        while true {
            let weekday = LocalDateTime(secondsSinceEpoch: day).weekday
            if (1...5).contains(weekday) { return day + 9 * 3_600 }
            day += 86_400
        }
    }
}
