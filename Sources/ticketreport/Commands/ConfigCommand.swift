import ArgumentParser
import Config
import Reporting

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

    @OptionGroup var config: ConfigOptions
    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        let config = try config.load()
        config.summaryLines.forEach(Terminal.out)
        let entries = catalog.catalog(config).list()
        let broken = entries.filter { $0.problem != nil }
        for entry in broken { Terminal.out("report \(entry.name): \(entry.problem ?? "")") }
        Terminal.out("reports: \(entries.count) found, \(broken.count) broken")
        if !broken.isEmpty { throw CLIError.usage("\(broken.count) report file(s) do not load (see above)") }
    }
}
