import ArgumentParser
import Exporters
import Foundation
import Reporting

/// `ticketreport workbook -o pack.xlsx --sheet NAME=SOURCE …`: several results, one workbook.
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Write several reports, queries and exports as the sheets of one XLSX workbook.",
        discussion: """
            Each --sheet is NAME=SOURCE, or SOURCE alone (the sheet is then named after the
            report's title, the query file or the export). SOURCE is one of:
              report:NAME              a report (ticketreport report list)
              export:KIND[:COLUMNS]    tickets, replies, notes or metrics, optionally with
                                       comma-separated columns; filtered by --department,
                                       --status, --priority, --admin, --source and the period
              query:SQL                one read-only statement
              PATH                     a .sql file, as with query --file

            --month (or --quarter, --year), --from/--to, --source and --param apply to every
            sheet that takes them (the others ignore them). Reports without a period use the last complete month; export sheets
            without one export everything. Every
            sheet streams in constant memory and continues on "NAME (2)" past Excel's
            1,048,576 rows. The file appears only when every sheet was written.

            Example:
              ticketreport workbook -o pack.xlsx --sheet "Open=queries/open-tickets-by-age.sql" \\
                --sheet "SLA=report:sla" --sheet "Tickets=export:tickets" --month 2026-10
            """)

    @Option(name: .shortAndLong, help: "The workbook to write (.xlsx).")
    var output: String

    @Option(name: .customLong("sheet"), help: "A sheet: NAME=SOURCE or SOURCE (repeatable, in order).")
    var sheets: [String] = []

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var params: ParamOptions
    @OptionGroup var filters: ExportFilterOptions

    @Option(help: "At most this many rows per sheet (the rest are counted and reported).")
    var maxRows: Int?

    @OptionGroup var redaction: RedactionOptions

    func validate() throws {
        guard !sheets.isEmpty else { throw ValidationError("add at least one --sheet NAME=SOURCE") }
        if let format = OutputFormat.inferred(fromPath: output), format != .xlsx {
            throw ValidationError("workbook writes XLSX: give -o a .xlsx name")
        }
        if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must be 0 or more") }
        for sheet in sheets {
            do { _ = try SheetSpec(parsing: sheet) } catch { throw ValidationError(error.problem) }
        }
    }

    func run() throws {
        let config = try config.load()
        let catalog = catalog.catalog(config)
        if filters.source.count > 1,
            try sheets.contains(where: {
                if case .export = try SheetSpec(parsing: $0).source { return false } else { return true }
            })
        {
            throw CLIError.usage(
                "give --source once: report and query sheets take one source (export: sheets take several)")
        }
        let arguments = try params.arguments(period, source: filters.source.first)
        // Every sheet is resolved before the workbook exists, so a typo fails without a file.
        let plans = try sheets.map {
            try SheetSpec(parsing: $0).plan(
                catalog: catalog, arguments: arguments, filters: filters.filters(period: arguments.period))
        }
        let runner = ReportRunner(store: try global.openStore(config))
        for source in filters.source { try StoreSources.check(source, in: runner.store) }
        let exporter = WorkbookExporter(
            maxRows: maxRows, redaction: try redaction.redaction(config),
            properties: .init(
                title: "ticketreport workbook",
                subject: arguments.period.map { "Period \($0)" } ?? sheets.joined(separator: ", "),
                author: "ticketreport"))
        let report = try exporter.write(plans, runner: runner, to: URL(fileURLWithPath: output))
        OutputOptions.show(ResultWriter.Summary(workbook: report), path: output)
    }
}
