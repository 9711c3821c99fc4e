import ArgumentParser
import Foundation
import Reporting

/// `ticketreport report list | run`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "List and run the reports defined as SQL files in reports/ and queries/.",
        subcommands: [ReportListCommand.self, ReportRunCommand.self])
}

struct ReportListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the reports: ./reports, ./queries, then the built-in ones (first of each name wins).")

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        try reportingCommand {
            let entries = reporting.catalog(try reporting.loadConfig()).list()
            let width = entries.map(\.name.count).max() ?? 0
            var lines: [String] = []
            for entry in entries {
                let name = entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let title = entry.problem.map { "BROKEN: \($0)" } ?? entry.title
                lines.append("\(name)  \(title)  [\(entry.file)]")
            }
            lines.append("(\(entries.count) reports; run one with: ticketreport report run NAME --month YYYY-MM)")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}

struct ReportRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one report.",
        discussion: """
            Examples:
              ticketreport report run response-times --month 2026-10
              ticketreport report run unanswered --param as_of=2026-11-15 --format csv -o unanswered.csv
              ticketreport report run daily-volume --from 2026-10-01 --to 2026-10-15 --format json
              ticketreport report run sla --month 2026-10 -o sla.xlsx
            """)

    @Argument(help: "The report's name (see `ticketreport report list`).")
    var name: String

    @OptionGroup var global: GlobalOptions
    @OptionGroup var reporting: ReportingOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingCommand {
            let config = try reporting.loadConfig()
            let definition = try reporting.catalog(config).definition(named: name)
            let runner = ReportRunner(store: try reporting.openStore(global, config))
            let arguments = try period.arguments()
            try output.emit { header, row in
                try runner.stream(definition, arguments: arguments, header: header, row: row)
            }
        }
    }
}
