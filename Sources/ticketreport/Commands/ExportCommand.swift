import ArgumentParser
import Foundation
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
    var kind: TableExport.Kind

    @OptionGroup var global: GlobalOptions
    @OptionGroup var reporting: ReportingOptions
    @OptionGroup var filters: ExportFilterOptions

    @Option(help: "Comma-separated column names in output order, or all (see --list-columns).")
    var columns: String?

    @Flag(help: "List the columns this kind offers, tab-separated: name, label, format, default or optional, meaning.")
    var listColumns = false

    @Flag(help: "Print the SQL the export runs, with its bound values, and exit.")
    var showSQL = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        do { _ = try makeExport() } catch { throw ValidationError(error.problem) }
    }

    func run() throws {
        try reportingCommand {
            let export = try makeExport()
            if listColumns {
                for column in TableExport.catalog(for: kind) {
                    Terminal.out(
                        [
                            column.name, column.label, column.format.rawValue,
                            column.isDefault ? "default" : "optional",
                            column.meaning,
                        ]
                        .joined(separator: "\t"))
                }
                return
            }
            if showSQL {
                Terminal.out(export.sql + ";")
                for (index, value) in export.arguments.enumerated() { Terminal.out("-- ?\(index + 1) = \(value)") }
                return
            }
            let config = try reporting.loadConfig()
            let runner = ReportRunner(store: try reporting.openStore(global, config))
            try output.emit { header, row in try runner.stream(export, header: header, row: row) }
        }
    }

    func makeExport() throws(ReportError) -> TableExport {
        let names = columns.map { $0.split(separator: ",").map(String.init) }
        return try TableExport(kind, columns: names, filters: try filters.filters())
    }
}

extension TableExport.Kind: ExpressibleByArgument {}

/// The filters of `export`: a period and the value filters.
struct ExportFilterOptions: ParsableArguments {
    @Option(help: "The month, YYYY-MM (tickets by opening date, replies and notes by their own date).")
    var month: String?

    @Option(help: "First day, YYYY-MM-DD (with --to, instead of --month).")
    var from: String?

    @Option(help: "Last day, inclusive, YYYY-MM-DD.")
    var to: String?

    @OptionGroup var values: ExportValueFilters

    func filters() throws(ReportError) -> TableExport.Filters {
        let period = try ReportArguments.parse(month: month, from: from, to: to, params: [])
        return values.filters(period: period)
    }
}

/// `--department`, `--status`, `--priority`, `--admin`, `--source` (also for `export:` sheets of `workbook`).
struct ExportValueFilters: ParsableArguments {
    @Option(help: "Only this department (repeatable).")
    var department: [String] = []

    @Option(help: "Only tickets in this status (repeatable).")
    var status: [String] = []

    @Option(help: "Only tickets of this priority (repeatable).")
    var priority: [String] = []

    @Option(help: "Only tickets this admin replied to, or replies/notes this admin wrote (repeatable).")
    var admin: [String] = []

    @Option(help: "Only this helpdesk source (repeatable).")
    var source: [String] = []

    /// The filters with the period of `period` (its `--param` values are not used).
    func filters(period: ReportArguments) -> TableExport.Filters {
        TableExport.Filters(
            month: period.month, from: period.from, to: period.to, departments: department, statuses: status,
            priorities: priority, admins: admin, sources: source)
    }
}
