import Foundation
import HelpdeskAPI

extension TicketReportConfig {
    /// The settings in force, one line each, as `config check` shows them:
    ///
    ///     configuration: ticketreport.yaml
    ///     business hours: mon 09:00-17:00, …, sun closed
    ///     holidays: 2026-12-25, 2026-12-26
    package var summaryLines: [String] {
        var lines = ["configuration: \(path ?? "built-in defaults (no ticketreport.yaml)")"]
        let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        let hours = [1, 2, 3, 4, 5, 6, 0].map { index in
            "\(days[index]) "
                + (businessHours[index].map { "\(Self.clock($0.open))-\(Self.clock($0.close))" } ?? "closed")
        }
        lines.append("business hours: " + hours.joined(separator: ", "))
        lines.append(
            "holidays: "
                + (holidays.isEmpty
                    ? "none" : holidays.map { String($0.description.prefix(10)) }.joined(separator: ", ")))
        lines.append("closed statuses: " + closedStatuses.joined(separator: ", "))
        lines.append("open statuses: " + openStatuses.joined(separator: ", "))
        let targets = sla.targets.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.describe($0.value))" }
        lines.append(
            "SLA first response: " + (targets + ["default \(Self.describe(sla.fallback))"]).joined(separator: ", "))
        lines.append("store: \(store)")
        if let url = source.url {
            lines.append("source: \(source.name) \(url) (\(source.auth.rawValue), clock \(source.timeZone.identifier))")
        }
        lines.append(mailSummaryLine)
        return lines
    }

    private static func clock(_ seconds: Int) -> String {
        String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60)
    }

    private static func describe(_ target: SLAPolicy.Target) -> String {
        let hours = target.hours.rounded() == target.hours ? String(Int(target.hours)) : String(target.hours)
        return "\(hours) h \(target.business ? "business" : "calendar")"
    }
}
