import ArgumentParser
import Config
import Exporters
import Foundation

/// `--redact`, `--redact-admins`: pseudonyms for people's names before a file leaves the team.
struct RedactionOptions: ParsableArguments {
    @Flag(help: "Replace requester names and emails by pseudonyms.")
    var redact = false

    @Flag(help: "Also replace admin names by pseudonyms.")
    var redactAdmins = false

    /// The redaction asked for, keyed by `TICKETREPORT_REDACTION_KEY` or the configuration's
    /// `redaction_key_file`; without either, a random key for this run (and a note saying so).
    func redaction(
        _ config: TicketReportConfig, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PersonalDataRedaction {
        guard redact || redactAdmins else { return .none }
        var key: [UInt8]
        if let text = environment["TICKETREPORT_REDACTION_KEY"], !text.isEmpty {
            key = Array(text.utf8)
        } else if let file = config.redactionKeyFile {
            key = Array(try SecretFile.read(file).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            guard !key.isEmpty else { throw CLIError.usage("the redaction key file \(file) is empty") }
        } else {
            key = (0..<32).map { _ in UInt8.random(in: 0...255) }
            Terminal.note(
                "Note: pseudonyms are random for this run; set TICKETREPORT_REDACTION_KEY (or redaction_key_file in ticketreport.yaml) to keep them the same from one file to the next."
            )
        }
        return PersonalDataRedaction(requesters: redact, admins: redactAdmins, key: key)
    }
}

/// `--format`, `-o`, `--max-rows` and the redaction: how one result is written.
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

    @OptionGroup var redaction: RedactionOptions

    func validate() throws {
        do { _ = try OutputFormat.resolve(format, path: output) } catch { throw ValidationError(error.message) }
        if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must be 0 or more") }
    }

    /// Writes what `produce` streams into it, then prints the summary (for files) and notes.
    func write(_ config: TicketReportConfig, _ produce: (ResultWriter) throws -> Int) throws {
        let writer = ResultWriter(
            format: try OutputFormat.resolve(format, path: output), path: output, maxRows: maxRows,
            redaction: try redaction.redaction(config))
        Self.show(try writer.write(produce), path: output)
    }

    /// The summary line (for a file) on stdout and each note on stderr.
    static func show(_ summary: ResultWriter.Summary, path: String?) {
        if let line = summary.line(path: path) { Terminal.out(line) }
        for note in summary.notes { Terminal.note("Note: \(note)") }
    }
}

extension OutputFormat: ExpressibleByArgument {}
