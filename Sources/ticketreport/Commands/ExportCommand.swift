import ArgumentParser
import Reporting

/// `ticketreport export tickets|replies|notes|metrics`: a whole table, filtered, in any format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export tickets, replies, notes or per-ticket metrics as XLSX, CSV, JSON, HTML or a table.",
        discussion: """
            Rows stream from the store straight into the file: an export of millions of rows
            runs in constant memory. XLSX writes real dates and number formats and continues
            on a sheet "NAME (2)" past Excel's 1,048,576 rows; CSV guards cells that start
            with = + - @ against formula injection. HTML and the terminal table show the first
            10,000 rows (--max-rows to change).

            tickets  one row per ticket with its metrics: first response, FRT hours (calendar
                     and business), replies by side, ratings
            replies  every message, opening messages included (period: the reply's date)
            notes    internal notes (period: the note's date)
            metrics  the per-ticket figures alone

            Tickets and metrics are in the period of their opening date. --department,
            --status, --priority and --admin are repeatable and ignore ASCII case; --admin keeps
            tickets the admin replied to, or replies/notes the admin wrote.

            Examples:
              ticketreport export tickets --month 2026-10 --department Sales -o sales-october.xlsx
              ticketreport export replies --from 2026-01-01 --to 2026-12-31 --columns ticket_id,created_at,admin,rating,message -o replies.csv
              ticketreport export tickets --list-columns
            """)

    @Argument(help: "What to export: tickets, replies, notes or metrics.")
    var kind: TableQuery.Kind

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var filters: ExportFilterOptions

    @Option(help: "Comma-separated column names in output order, or all (see --list-columns).")
    var columns: String?

    @Flag(help: "List the columns this kind offers, tab-separated: name, label, format, default or optional, meaning.")
    var listColumns = false

    @Flag(help: "Print the SQL the export runs, with its bound values, and exit.")
    var showSQL = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        do { _ = try query() } catch { throw ValidationError(error.problem) }
    }

    func run() throws {
        let query = try query()
        if listColumns {
            for column in TableQuery.catalog(for: kind) {
                Terminal.out(
                    [
                        column.name, column.label, column.format.rawValue, column.isDefault ? "default" : "optional",
                        column.meaning,
                    ].joined(separator: "\t"))
            }
            return
        }
        if showSQL {
            Terminal.out(query.sql + ";")
            for (index, value) in query.arguments.enumerated() { Terminal.out("-- ?\(index + 1) = \(value)") }
            return
        }
        let config = try config.load()
        let runner = ReportRunner(store: try global.openStore(config))
        for source in filters.source { try StoreSources.check(source, in: runner.store) }
        try output.write(config) { try runner.stream(query, into: $0) }
    }

    func query() throws(ReportError) -> TableQuery {
        try TableQuery(
            kind, columns: columns.map { $0.split(separator: ",").map(String.init) },
            filters: filters.filters(period: try period.period))
    }
}

extension TableQuery.Kind: ExpressibleByArgument {}

/// `--department`, `--status`, `--priority`, `--admin`, `--source` (also for `export:` sheets of `workbook`).
struct ExportFilterOptions: ParsableArguments {
    @Option(help: "Only this department (repeatable).")
    var department: [String] = []

    @Option(help: "Only tickets in this status (repeatable).")
    var status: [String] = []

    @Option(help: "Only tickets of this priority (repeatable).")
    var priority: [String] = []

    @Option(help: "Only tickets this admin replied to, or replies/notes this admin wrote (repeatable).")
    var admin: [String] = []

    @Option(help: "Only this helpdesk source (repeatable for exports; once for report and query sheets).")
    var source: [String] = []

    func filters(period: ReportPeriod?) -> TableQuery.Filters {
        TableQuery.Filters(
            period: period, departments: department, statuses: status, priorities: priority, admins: admin,
            sources: source)
    }
}
