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

    /// The store to read: `--db` when given, else the configuration's `store:`.
    ///
    /// `GlobalOptions.db` has a default rather than being optional, so whether the user
    /// typed `--db` is read from the command line itself.
    func storePath(_ global: GlobalOptions, _ config: TicketReportConfig) -> String {
        let given = CommandLine.arguments.contains { $0 == "--db" || $0.hasPrefix("--db=") }
        return given ? global.db : config.store
    }

    func openStore(_ global: GlobalOptions, _ config: TicketReportConfig) throws -> TicketStore {
        do { return try config.openStore(path: storePath(global, config)) } catch { throw error.cliError }
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
}

/// `--format` and `-o`.
struct OutputOptions: ParsableArguments {
    @Option(help: "table, csv, json, xlsx or html (xlsx and html need -o).")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if format == .xlsx || format == .html, output == nil {
            throw ValidationError("--format \(format.rawValue) writes a file: add -o FILE")
        }
    }

    /// Runs `produce` into the chosen format. CSV and JSON stream row by row; the table,
    /// XLSX and HTML need the whole result.
    func emit(
        stream: (_ header: (ResultTable) throws -> Void, _ row: ([CellValue]) throws -> Void) throws -> Void,
        collect: () throws -> ResultTable
    ) throws {
        switch format {
        case .csv, .json:
            var sink: (any RowSink)?
            do {
                try stream(
                    { header in
                        // The file is only created once the query has been accepted and prepared.
                        let destination: ExportOutput =
                            try output.map { try ExportOutput.file(URL(fileURLWithPath: $0)) } ?? .standardOutput()
                        let writer: any RowSink =
                            format == .csv
                            ? CSVWriter(output: destination)
                            : JSONWriter(output: destination, report: header.name, parameters: header.parameters)
                        sink = writer
                        try writer.begin(columns: header.columns)
                    }, { row in try sink?.append(row) })
                try sink?.finish()
            } catch {
                sink?.abort()
                throw error
            }
        case .table:
            let table = try collect()
            let shown = table.parameters.filter { !$0.value.isEmpty }.map { "\($0.name) \($0.value)" }
            let heading = table.title + (shown.isEmpty ? "" : " (\(shown.joined(separator: ", ")))")
            let text = heading + "\n\n" + TerminalTable.render(table: table)
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        case .xlsx:
            _ = try XLSXExporter().write(table: try collect(), to: URL(fileURLWithPath: output ?? "report.xlsx"))
        case .html:
            try HTMLExporter().write(table: try collect(), to: URL(fileURLWithPath: output ?? "report.html"))
        }
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
