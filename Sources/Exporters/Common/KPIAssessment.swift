import Reporting

/// Whether a KPI tile's change is good news, bad news or neither; shared by XLSX and HTML.
enum KPIAssessment {
    enum Mood: String {
        case good, bad, neutral
    }

    /// The change from the previous value, when both are numbers.
    static func delta(of tile: KPITile) -> Double? {
        guard let value = tile.value.doubleValue, let previous = tile.previous.doubleValue else { return nil }
        let delta = value - previous
        return delta.isFinite ? delta : nil
    }

    static func mood(of tile: KPITile) -> Mood {
        guard let delta = delta(of: tile), delta != 0 else { return .neutral }
        switch tile.direction {
        case .higherIsBetter: return delta > 0 ? .good : .bad
        case .lowerIsBetter: return delta < 0 ? .good : .bad
        case .neutral: return .neutral
        }
    }
}
