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

    @OptionGroup var config: ConfigOptions
    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        let entries = catalog.catalog(try config.load()).list()
        let width = entries.map(\.name.count).max() ?? 0
        for entry in entries {
            let name = entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
            Terminal.out("\(name)  \(entry.problem.map { "BROKEN: \($0)" } ?? entry.title)  [\(entry.file)]")
        }
        Terminal.out("(\(entries.count) reports; run one with: ticketreport report run NAME --month YYYY-MM)")
    }
}

struct ReportRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one report.",
        discussion: """
            Examples:
              ticketreport report run response-times --month 2026-10
              ticketreport report run response-times --quarter 2026-Q3 --source support
              ticketreport report run unanswered --param as_of=2026-11-15 --format csv -o unanswered.csv
              ticketreport report run daily-volume --from 2026-10-01 --to 2026-10-15 --format json
              ticketreport report run sla --month 2026-10 -o sla.xlsx
            """)

    @Argument(help: "The report's name (see `ticketreport report list`).")
    var name: String

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var only: SourceOptions
    @OptionGroup var params: ParamOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let config = try config.load()
        let definition = try catalog.catalog(config).definition(named: name)
        let runner = ReportRunner(store: try global.openStore(config))
        try StoreSources.check(only.source, in: runner.store)
        let arguments = try params.arguments(period, source: only.source)
        try output.write(config) { try runner.stream(definition, arguments: arguments, into: $0) }
    }
}
