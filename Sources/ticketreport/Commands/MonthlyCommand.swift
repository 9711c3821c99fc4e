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
            --quarter and --year write support-2026-Q3.* / support-2026.* with tiles against the
            quarter or year before. On a store with several sources the pack covers them all and
            adds a sheet comparing them; --source NAME makes it one source's pack,
            --each-source one pack per source (support-2026-10-NAME.*).

            Examples:
              ticketreport monthly --month 2026-10 --out packs/
              ticketreport monthly --quarter 2026-Q3 --each-source --out packs/
              ticketreport monthly --format html --redact        # for readers outside the support team
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var pack: PackOutputOptions
    @OptionGroup var mail: MailOptions

    @OptionGroup var period: CalendarPeriodOptions
    @OptionGroup var only: SourceOptions

    @Flag(help: "Write one pack per helpdesk source of the store (support-PERIOD-SOURCE.*).")
    var eachSource = false

    func validate() throws {
        if eachSource, only.source != nil { throw ValidationError("give --source or --each-source, not both") }
    }

    func run() throws {
        let config = try config.load()
        let store = try global.openStore(config)
        let chosen = try period.period ?? .month(ReportMonth.lastComplete(in: store))
        // nil: every source in one pack (also for --each-source on a store without tickets).
        let known = eachSource ? try StoreSources.names(in: store) : []
        let sources: [String?] = known.isEmpty ? [only.source] : known
        let writer = try pack.writer(config)
        var written: [(pack: ReportPack, files: [URL])] = []
        for source in sources {
            let built = try MonthlyPack.build(
                store: store, config: config, period: chosen, source: source, catalog: catalog.catalog(config))
            // Each file is reported as it lands, so a later failure still says what was written.
            let files = try writer.write(built) { Terminal.out("Wrote \($0.path)") }
            if let note = MonthlyPack.emptyNote(store: store, period: chosen, source: source) { Terminal.note(note) }
            written.append((built, files))
        }
        // After every pack is on disk: a failing mail system cannot keep a later source's pack
        // from being written. Mailed redacted like the files.
        for (built, files) in written {
            try mail.deliver(writer.redaction.apply(to: built), files: files, config: config)
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
