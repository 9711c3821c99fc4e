import ArgumentParser
import Reporting

/// `ticketreport query "SELECT …" | --file F`.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run one read-only SQL statement on the store.",
        discussion: """
            Only SELECT / WITH … SELECT runs: writes, ATTACH, PRAGMA and several statements are
            refused. :month_start, :month_end … follow --month (or --quarter, --year); :from,
            :to follow --from/--to; :source follows --source (NULL without it); other :names
            need --param name=value. See `ticketreport schema` for the tables.

            Examples:
              ticketreport query "SELECT status, count(*) AS n FROM tickets GROUP BY status"
              ticketreport query --file queries/tickets-per-client.sql --month 2026-10 --format csv
              ticketreport query "SELECT * FROM ticket_metrics" -o metrics.xlsx     # format from the extension
            """)

    @Argument(help: "The SQL (or use --file).")
    var sql: String?

    @Option(name: .customLong("file"), help: "Read the SQL from this file.")
    var file: String?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var only: SourceOptions
    @OptionGroup var params: ParamOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (sql == nil) == (file == nil) {
            throw ValidationError("give the SQL as an argument or --file FILE, not both")
        }
    }

    func run() throws {
        let saved = try file.map { try QueryFile(path: $0) }
        let config = try config.load()
        let runner = ReportRunner(store: try global.openStore(config))
        try StoreSources.check(only.source, in: runner.store)
        let arguments = try params.arguments(period, source: only.source)
        try output.write(config) {
            try runner.streamQuery(
                sql: saved?.sql ?? sql ?? "", arguments: arguments, name: saved?.name ?? "query", file: file, into: $0)
        }
    }
}
