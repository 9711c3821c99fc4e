import ArgumentParser
import Exporters
import Foundation
import Reporting
import TicketStore

/// `--config` and `--reports-dir`, for the commands that read reports or the configuration.
struct ReportingOptions: ParsableArguments {
    @Option(help: "The configuration file (default: ./ticketreport.yaml when it exists).")
    var config: String?

    @Option(help: "Look for reports in this folder first, before ./reports and ./queries.")
    var reportsDir: String?

    func loadConfig() throws -> TicketReportConfig {
        do { return try TicketReportConfig.resolve(explicitPath: config) } catch { throw error.cliError }
    }

    func catalog(_ config: TicketReportConfig) -> ReportCatalog {
        ReportCatalog.standard(config: config, reportsDirectory: reportsDir)
    }

    func openStore(_ global: GlobalOptions, _ config: TicketReportConfig) throws -> TicketStore {
        do { return try config.openStore(path: global.storePath(config)) } catch { throw error.cliError }
    }
}

/// `--month`, `--from/--to`, `--param k=v`.
struct PeriodOptions: ParsableArguments {
    @Option(help: "The month, YYYY-MM (default: the last complete month in the store).")
    var month: String?

    @Option(help: "First day, YYYY-MM-DD (with --to, instead of --month).")
    var from: String?

    @Option(help: "Last day, inclusive, YYYY-MM-DD.")
    var to: String?

    @Option(name: .customLong("param"), help: "A report parameter, name=value (repeatable).")
    var params: [String] = []

    func validate() throws {
        do { _ = try arguments() } catch { throw ValidationError(error.problem) }
    }

    func arguments() throws(ReportError) -> ReportArguments {
        try ReportArguments.parse(month: month, from: from, to: to, params: params)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, xlsx, html

    /// The format a file name asks for: `.xlsx`, `.csv`, `.json`, `.html`/`.htm`, `.txt` (table).
    static func inferred(fromPath path: String) -> OutputFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "xlsx": return .xlsx
        case "csv": return .csv
        case "json": return .json
        case "html", "htm": return .html
        case "txt": return .table
        default: return nil
        }
    }
}

/// `--format`, `-o`, `--max-rows`, `--redact`, `--redact-admins`: how a result is written.
struct OutputOptions: ParsableArguments {
    @Option(
        help: """
            table, csv, json, xlsx or html (default: from -o's extension, else table). xlsx, csv \
            and json stream every row; html and table show the first 10,000 (see --max-rows).
            """)
    var format: OutputFormat?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (xlsx and html need one).")
    var output: String?

    @Option(
        help: """
            Write at most this many rows (the rest are counted and reported). Default: all for \
            xlsx/csv/json (XLSX continues on a sheet "NAME (2)" past Excel's 1,048,576 rows), \
            10,000 for html and table.
            """)
    var maxRows: Int?

    @Flag(help: "Replace requester names and emails by stable pseudonyms.")
    var redact = false

    @Flag(help: "Also replace admin names by stable pseudonyms.")
    var redactAdmins = false

    /// `--format`, else the format `-o`'s extension names, else the terminal table.
    var resolvedFormat: OutputFormat {
        format ?? output.flatMap(OutputFormat.inferred(fromPath:)) ?? .table
    }

    func validate() throws {
        if format == nil, let output, OutputFormat.inferred(fromPath: output) == nil {
            throw ValidationError(
                "cannot tell the format from \"\(output)\": add --format table|csv|json|xlsx|html or use a .xlsx/.csv/.json/.html name"
            )
        }
        let format = resolvedFormat
        if format == .xlsx || format == .html, output == nil {
            throw ValidationError("--format \(format.rawValue) writes a file: add -o FILE")
        }
        if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must be 0 or more") }
    }

    var redaction: Redaction { Redaction(redactRequesters: redact, redactAdmins: redactAdmins) }

    /// Streams a result into the chosen format and prints the summary (for files) and notes.
    ///
    /// `stream` is a ``ReportRunner`` streaming call: rows are never all held in memory,
    /// except for the first rows an HTML page or terminal table shows.
    func emit(
        stream: (_ header: (ResultTable) throws -> Void, _ row: ([CellValue]) throws -> Void) throws -> Int
    ) throws {
        let streamer = ResultStreamer(format: resolvedFormat, path: output, maxRows: maxRows, redaction: redaction)
        try streamer.write(stream: stream).report(path: output)
    }
}

extension Error {
    /// The error as a one-line CLI error with its exit code (see `CLIError.from`).
    var cliError: CLIError { CLIError.from(self) }
}

/// Runs a command body, turning library errors into one-line CLI errors with exit codes.
func reportingCommand(_ body: () throws -> Void) throws {
    do { try body() } catch let error as CLIError { throw error } catch { throw error.cliError }
}
