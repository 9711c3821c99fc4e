/// First-response targets per ticket priority (DESIGN §5 "SLA").
///
/// A ticket meets its target when its first response time, counted on the calendar or in
/// business hours as the priority says, is at most the target. Lookup is by exact priority,
/// then case-insensitive, then `default`.
///
///     let policy = SLAPolicy.standard
///     policy.target(for: "High")        // 4 business hours
///     policy.target(for: "Urgent")      // the default: 8 business hours
package struct SLAPolicy: Sendable, Equatable {
    package struct Target: Sendable, Equatable {
        package var seconds: Int64
        /// Counted in business hours (true) or calendar time (false).
        package var business: Bool

        package init(hours: Double, business: Bool) {
            self.seconds = Int64((hours * 3600).rounded())
            self.business = business
        }

        package var hours: Double { Double(seconds) / 3600 }
    }

    /// Targets by priority as written in the configuration.
    package var targets: [String: Target]
    /// For priorities not listed.
    package var fallback: Target

    package init(targets: [String: Target], fallback: Target) {
        self.targets = targets
        self.fallback = fallback
    }

    /// High 4, Medium 8, Low 24 business hours; anything else 8 business hours.
    package static let standard = SLAPolicy(
        targets: [
            "High": Target(hours: 4, business: true),
            "Medium": Target(hours: 8, business: true),
            "Low": Target(hours: 24, business: true),
        ],
        fallback: Target(hours: 8, business: true))

    package func target(for priority: String) -> Target {
        if let target = targets[priority] { return target }
        let lowered = priority.lowercased()
        if let match = targets.first(where: { $0.key.lowercased() == lowered }) { return match.value }
        return fallback
    }
}
