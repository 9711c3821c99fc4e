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

            --month, --from/--to and --param apply to every sheet that takes them (the others
            ignore them). Reports without a period use the last complete month; export sheets
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
    @OptionGroup var reporting: ReportingOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var exportFilters: ExportValueFilters

    @Option(help: "At most this many rows per sheet (the rest are counted and reported).")
    var maxRows: Int?

    @Flag(help: "Replace requester names and emails by stable pseudonyms.")
    var redact = false

    @Flag(help: "Also replace admin names by stable pseudonyms.")
    var redactAdmins = false

    func validate() throws {
        guard !sheets.isEmpty else { throw ValidationError("add at least one --sheet NAME=SOURCE") }
        if let format = OutputFormat.inferred(fromPath: output), format != .xlsx {
            throw ValidationError("workbook writes XLSX: give -o a .xlsx name")
        }
        if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must be 0 or more") }
        for sheet in sheets {
            do { _ = try SheetSpec(parsing: sheet) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        try reportingCommand {
            let config = try reporting.loadConfig()
            let catalog = reporting.catalog(config)
            var arguments = try period.arguments()
            arguments.isShared = true
            // Every sheet is resolved before the workbook exists, so a typo fails without a file.
            let plans = try sheets.map {
                try SheetSpec(parsing: $0).plan(catalog: catalog, arguments: arguments, filters: exportFilters)
            }
            let runner = ReportRunner(store: try reporting.openStore(global, config))
            let redaction = Redaction(redactRequesters: redact, redactAdmins: redactAdmins)

            let writer = try XLSXWorkbookWriter(
                path: URL(fileURLWithPath: output), constantMemory: true,
                properties: .init(
                    title: "ticketreport workbook",
                    subject: period.month.map { "Period \($0)" } ?? sheets.joined(separator: ", "),
                    author: "ticketreport"),
                maxRows: maxRows)
            let report: XLSXWriteReport
            do {
                for plan in plans {
                    var sink: XLSXSheetSink?
                    var redact: (([CellValue]) -> [CellValue])?
                    try plan.stream(runner) { header in
                        let sheet = writer.sink(sheetName: plan.sheetName(title: header.title), chart: header.chart)
                        sink = sheet
                        redact = redaction.rowRedactor(for: header.columns)
                        try sheet.begin(columns: header.columns)
                    } row: { row in
                        try sink?.append(redact.map { $0(row) } ?? row)
                    }
                    try sink?.finish()
                }
                report = try writer.close()
            } catch {
                writer.abort()
                throw error
            }
            var summary = ResultStreamer.Summary()
            summary.sheets = report.sheets
            summary.written = report.sheets.reduce(0) { $0 + $1.dataRows }
            summary.notes = report.diagnostics
            summary.report(path: output)
        }
    }
}

/// One `--sheet` argument: an optional sheet name and where its rows come from.
struct SheetSpec {
    enum Source {
        case report(String)
        case export(TableExport.Kind, columns: [String]?)
        case query(String)
        case file(String)
    }

    var name: String?
    var source: Source

    init(parsing text: String) throws(CLIError) {
        var name: String?
        var body = text
        let prefixes = ["report:", "export:", "query:"]
        if !prefixes.contains(where: { text.hasPrefix($0) }), let equals = text.firstIndex(of: "=") {
            name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            body = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if name?.isEmpty == true { name = nil }
        }
        if body.hasPrefix("report:") {
            let report = String(body.dropFirst("report:".count))
            guard !report.isEmpty else { throw CLIError.usage("--sheet \(text): name the report after report:") }
            source = .report(report)
        } else if body.hasPrefix("export:") {
            let parts = body.dropFirst("export:".count).split(separator: ":", maxSplits: 1).map(String.init)
            guard let first = parts.first, let kind = TableExport.Kind(rawValue: first.lowercased()) else {
                throw CLIError.usage("--sheet \(text): export:KIND takes tickets, replies, notes or metrics")
            }
            source = .export(kind, columns: parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : nil)
        } else if body.hasPrefix("query:") {
            source = .query(String(body.dropFirst("query:".count)))
        } else {
            guard !body.isEmpty else { throw CLIError.usage("--sheet \(text): give a source after the =") }
            source = .file(body)
        }
        self.name = name
    }

    /// Loads what the sheet needs (report file, SQL file, export columns) without running it.
    func plan(catalog: ReportCatalog, arguments: ReportArguments, filters: ExportValueFilters) throws -> SheetPlan {
        switch source {
        case .report(let report):
            let definition = try catalog.definition(named: report)
            return SheetPlan(name: name) { runner, header, row in
                try runner.stream(definition, arguments: arguments, header: header, row: row)
            }
        case .export(let kind, let columns):
            let export = try TableExport(kind, columns: columns, filters: filters.filters(period: arguments))
            return SheetPlan(name: name) { runner, header, row in try runner.stream(export, header: header, row: row) }
        case .query(let sql):
            return SheetPlan(name: name) { runner, header, row in
                try runner.streamQuery(sql: sql, arguments: arguments, header: header, row: row)
            }
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError.usage("--sheet: cannot read \(path) (does it exist? use report:NAME for a report)")
            }
            let sql = String(decoding: data, as: UTF8.self)
            let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return SheetPlan(name: name, fallbackName: base) { runner, header, row in
                try runner.streamQuery(sql: sql, arguments: arguments, name: base, file: path, header: header, row: row)
            }
        }
    }
}

/// A resolved sheet: its name (nil: the result's title) and how to stream its rows.
struct SheetPlan {
    var name: String?
    /// Used instead of a title too long for a sheet tab (a query file's name).
    var fallbackName: String?
    var run: (ReportRunner, _ header: (ResultTable) throws -> Void, _ row: ([CellValue]) throws -> Void) throws -> Int

    init(
        name: String?, fallbackName: String? = nil,
        run: @escaping (ReportRunner, (ResultTable) throws -> Void, ([CellValue]) throws -> Void) throws -> Int
    ) {
        self.name = name
        self.fallbackName = fallbackName
        self.run = run
    }

    /// The name given, else the result's title when it fits on a tab (31 characters), else the fallback.
    func sheetName(title: String) -> String {
        if let name { return name }
        if let fallbackName, title.count > 31 { return fallbackName }
        return title
    }

    @discardableResult
    func stream(
        _ runner: ReportRunner, header: (ResultTable) throws -> Void, row: ([CellValue]) throws -> Void
    ) throws -> Int {
        try run(runner, header, row)
    }
}
