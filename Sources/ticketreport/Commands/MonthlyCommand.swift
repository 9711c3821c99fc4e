import ArgumentParser
import Config
import Exporters
import Foundation
import Reporting

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
    @OptionGroup var config: ConfigOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var pack: PackOutputOptions
    @OptionGroup var mail: MailOptions

    @Option(
        help: "The month, YYYY-MM (default: the last complete month in the store).",
        transform: { try ReportMonth(parsing: $0) })
    var month: ReportMonth?

    func run() throws {
        let config = try config.load()
        let store = try global.openStore(config)
        let chosen = try month ?? ReportMonth.lastComplete(in: store)
        let built = try MonthlyPack.build(
            store: store, config: config, month: chosen, catalog: catalog.catalog(config))
        // Each file is reported as it lands, so a later failure still says what was written.
        let writer = try pack.writer(config)
        let files = try writer.write(built) { Terminal.out("Wrote \($0.path)") }
        if let note = MonthlyPack.emptyNote(store: store, month: chosen) { Terminal.note(note) }
        // After the files: a failing mail system leaves the pack on disk. Redacted like the files.
        try mail.deliver(writer.redaction.apply(to: built), files: files, config: config)
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

    @OptionGroup var redaction: RedactionOptions

    func validate() throws {
        do { _ = try PackWriter.formats(parsing: format) } catch { throw ValidationError(error.message) }
    }

    func writer(_ config: TicketReportConfig) throws -> PackWriter {
        PackWriter(
            folder: out, formats: try PackWriter.formats(parsing: format),
            templateDirectory: template.map { URL(fileURLWithPath: $0, isDirectory: true) },
            redaction: try redaction.redaction(config))
    }
}
