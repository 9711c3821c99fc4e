import ArgumentParser
import Foundation
import Reporting
import TicketStore

/// `ticketreport config check`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with ticketreport.yaml.",
        subcommands: [ConfigCheckCommand.self])
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and every report file, and show the settings in force.")

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        try reportingCommand {
            let config = try reporting.loadConfig()
            var lines = ["configuration: \(config.path ?? "built-in defaults (no ticketreport.yaml)")"]
            let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            let hours = [1, 2, 3, 4, 5, 6, 0].map { index in
                "\(days[index]) "
                    + (config.businessHours[index].map { "\(clock($0.open))-\(clock($0.close))" } ?? "closed")
            }
            lines.append("business hours: " + hours.joined(separator: ", "))
            lines.append(
                "holidays: "
                    + (config.holidays.isEmpty ? "none" : config.holidays.map(\.description).joined(separator: ", ")))
            lines.append("closed statuses: " + config.closedStatuses.joined(separator: ", "))
            lines.append("open statuses: " + config.openStatuses.joined(separator: ", "))
            let targets = config.sla.targets.sorted { $0.key < $1.key }.map { "\($0.key) \(describe($0.value))" }
            lines.append(
                "SLA first response: "
                    + (targets + ["default \(describe(config.sla.fallback))"]).joined(separator: ", "))
            lines.append("store: \(config.store)")
            if let url = config.source.url {
                lines.append("source: \(config.source.name) \(url) (\(config.source.auth.rawValue))")
            }
            let entries = reporting.catalog(config).list()
            let broken = entries.filter { $0.problem != nil }
            for entry in broken { lines.append("report \(entry.name): \(entry.problem ?? "")") }
            lines.append("reports: \(entries.count) found, \(broken.count) broken")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            if !broken.isEmpty {
                throw CLIError.usage("\(broken.count) report file(s) do not load (see above)")
            }
        }
    }

    private func clock(_ seconds: Int) -> String {
        String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60)
    }

    private func describe(_ target: SLAPolicy.Target) -> String {
        let hours = target.hours.rounded() == target.hours ? String(Int(target.hours)) : String(target.hours)
        return "\(hours) h \(target.business ? "business" : "calendar")"
    }
}
