import ArgumentParser
import Exporters
import Reporting

/// `ticketreport check`: what in the store's data bends the figures.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report what in the store's data bends the figures, with example ticket ids.",
        discussion: """
            Finds replies sent without reply ids, replies dated before their ticket (clock skew) \
            or without a usable date, statuses neither closed nor open in the configuration, \
            department names shared by several ids and departments renamed, merged tickets, \
            tickets derived by an older ticketreport, business-hours figures computed with \
            another calendar, and stored responses that no longer decode. Each finding comes \
            with the number of tickets, up to 10 example ids and what to do. The monthly pack \
            shows the same findings for its month under "Data notes".

            Examples:
              ticketreport check
              ticketreport check --month 2026-10 -o data-notes.xlsx
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions

    @Option(
        help: "Only the tickets opened in this month, YYYY-MM (default: the whole store).",
        transform: { try ReportMonth(parsing: $0) })
    var month: ReportMonth?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let config = try config.load()
        let store = try global.openStore(config)
        // Decoding every stored response again is store-wide; a month's check skips it.
        let findings = try DataCheck.findings(
            store: store, config: config, month: month, decodeStoredResponses: month == nil)
        if output.output == nil, output.format == nil || output.format == .table {
            // Sentences, not a table: the findings and the advice are too long for columns.
            DataCheck.lines(findings, month: month).forEach(Terminal.out)
            return
        }
        let table = DataCheck.table(findings, month: month)
        try output.write(config) { try $0.send(table) }
    }
}
