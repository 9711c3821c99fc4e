import ArgumentParser
import Exporters
import Foundation
import Reporting
import TicketStore

/// `ticketreport monthly`: the management pack, one workbook and one page.
struct MonthlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly",
        abstract: "Write the monthly pack (reports/monthly.yaml) as support-YYYY-MM.xlsx and .html.",
        discussion: """
            Examples:
              ticketreport monthly --month 2026-10 --out packs/
              ticketreport monthly --format html --redact        # for readers outside the support team
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var reporting: ReportingOptions
    @OptionGroup var pack: PackOutputOptions

    @Option(help: "The month, YYYY-MM (default: the last complete month in the store).")
    var month: String?

    func validate() throws {
        guard let month else { return }
        do { _ = try ReportMonth(parsing: month) } catch { throw ValidationError(error.problem) }
    }

    func run() throws {
        try reportingCommand {
            let config = try reporting.loadConfig()
            let store = try reporting.openStore(global, config)
            let chosen = try month.map { try ReportMonth(parsing: $0) } ?? ReportMonth.lastComplete(in: store)
            let built = try MonthlyPack.build(store: store, config: config, month: chosen, catalog: reporting.catalog(config))
            for file in try pack.write(built, month: chosen) {
                Terminal.out("Wrote \(file.path)")
            }
        }
    }
}

/// Where and how a pack is written: `--out`, `--format`, `--template`, `--redact`.
struct PackOutputOptions: ParsableArguments {
    @Option(help: "The folder to write into (created when missing).")
    var out: String = "."

    @Option(help: "Comma-separated: xlsx, html.")
    var format: String = "xlsx,html"

    @Option(help: "A folder of mustache templates overriding the built-in HTML ones (same file names).")
    var template: String?

    @Flag(help: "Replace requester names and emails by stable pseudonyms.")
    var redact = false

    @Flag(help: "Also replace admin names by stable pseudonyms.")
    var redactAdmins = false

    func validate() throws {
        let formats = formatList
        guard !formats.isEmpty, formats.allSatisfy({ $0 == "xlsx" || $0 == "html" }) else {
            throw ValidationError("--format takes xlsx, html or xlsx,html")
        }
    }

    var formatList: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// Writes the pack in each format; each file appears whole or not at all.
    func write(_ pack: ReportPack, month: ReportMonth) throws -> [URL] {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.fatal("cannot create the output folder \(out) (is the path writable?)")
        }
        let redacted = Redaction(redactRequesters: redact, redactAdmins: redactAdmins).apply(to: pack)
        var written: [URL] = []
        for format in formatList {
            let url = folder.appendingPathComponent("support-\(month).\(format)")
            if format == "xlsx" {
                _ = try XLSXExporter().write(pack: redacted, to: url)
            } else {
                try HTMLExporter(templateDirectory: template.map { URL(fileURLWithPath: $0, isDirectory: true) })
                    .write(pack: redacted, to: url)
            }
            written.append(url)
        }
        return written
    }
}

/// Which result columns carry people's names, and their pseudonyms.
///
/// One `Redactor` per kind of person for the whole export, so a name gets the same
/// pseudonym in every table.
struct Redaction {
    static let requesterColumns: Set<String> = ["name", "email", "cc", "requester", "requester_name", "requester_email"]
    static let adminColumns: Set<String> = ["admin", "first_responder"]

    private let requesters: Redactor?
    private let admins: Redactor?

    init(redactRequesters: Bool, redactAdmins: Bool) {
        requesters = redactRequesters || redactAdmins ? Redactor() : nil
        admins = redactAdmins ? Redactor(label: "Admin") : nil
    }

    func apply(to table: ResultTable) -> ResultTable {
        var result = table
        if let requesters { result = requesters.redact(table: result, columns: Self.requesterColumns) }
        if let admins { result = admins.redact(table: result, columns: Self.adminColumns) }
        return result
    }

    func apply(to pack: ReportPack) -> ReportPack {
        var copy = pack
        copy.tables = pack.tables.map(apply(to:))
        return copy
    }
}
