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
            let built = try MonthlyPack.build(
                store: store, config: config, month: chosen, catalog: reporting.catalog(config))
            // Each file is reported as it lands, so a later failure still says what was written.
            try pack.write(built, month: chosen) { file in Terminal.out("Wrote \(file.path)") }
            if let note = Self.emptyNote(store: store, month: chosen) { Terminal.note(note) }
        }
    }

    /// Says why a pack is empty, so a blank page is not taken for a quiet month.
    ///
    /// An empty pack is still written (a scheduled job keeps its file); the note goes to stderr.
    static func emptyNote(store: TicketStore, month: ReportMonth) -> String? {
        let sql = """
            SELECT count(*) AS total, min(opened_at) AS first, max(opened_at) AS last,
                   count(CASE WHEN opened_at >= :month_start AND opened_at < :month_end THEN 1 END) AS in_month
            FROM tickets
            """
        let counts = try? ReportRunner(store: store).runQuery(sql: sql, arguments: ReportArguments(month: month))
        guard let row = counts?.rows.first, row.count == 4, case .integer(let total) = row[0],
            case .integer(let inMonth) = row[3]
        else { return nil }
        if total == 0 {
            return "Note: the store holds no tickets yet, so the pack for \(month) is empty "
                + "(run `ticketreport ingest` first)."
        }
        guard inMonth == 0, case .text(let first) = row[1], case .text(let last) = row[2] else { return nil }
        return "Note: no tickets were opened in \(month), so the pack is empty "
            + "(the store's tickets were opened \(first.prefix(10)) to \(last.prefix(10)))."
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
    ///
    /// `written` hears of each file as soon as it is in place.
    @discardableResult
    func write(_ pack: ReportPack, month: ReportMonth, written: (URL) -> Void = { _ in }) throws -> [URL] {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CLIError.fatal("--out \(out) is a file, not a folder (choose a folder for the pack)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.fatal("cannot create the output folder \(out) (is the path writable?)")
        }
        let redacted = Redaction(redactRequesters: redact, redactAdmins: redactAdmins).apply(to: pack)
        var files: [URL] = []
        for format in formatList {
            let url = folder.appendingPathComponent("support-\(month).\(format)")
            if format == "xlsx" {
                _ = try XLSXExporter().write(pack: redacted, to: url)
            } else {
                try HTMLExporter(templateDirectory: template.map { URL(fileURLWithPath: $0, isDirectory: true) })
                    .write(pack: redacted, to: url)
            }
            files.append(url)
            written(url)
        }
        return files
    }
}
