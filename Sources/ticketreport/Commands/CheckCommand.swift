import ArgumentParser
import Foundation
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
    @OptionGroup var reporting: ReportingOptions

    @Option(help: "Only the tickets opened in this month, YYYY-MM (default: the whole store).")
    var month: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard let month else { return }
        do { _ = try ReportMonth(parsing: month) } catch { throw ValidationError(error.problem) }
    }

    func run() throws {
        try reportingCommand {
            let config = try reporting.loadConfig()
            let store = try reporting.openStore(global, config)
            let chosen = try month.map { try ReportMonth(parsing: $0) }
            // Decoding every stored response again is store-wide; a month's check skips it.
            let findings = try DataCheck.findings(
                store: store, config: config, month: chosen, decodeStoredResponses: chosen == nil)
            if output.output == nil, output.resolvedFormat == .table {
                // Sentences, not a table: the findings and the advice are too long for columns.
                let scope = chosen.map { "tickets opened in \($0)" } ?? "the store"
                guard !findings.isEmpty else {
                    Terminal.out("No findings: nothing in \(scope) bends a figure.")
                    return
                }
                Terminal.out("\(findings.count) finding(s) in \(scope):")
                for finding in findings {
                    let examples =
                        finding.examples.isEmpty
                        ? "" : " (e.g. \(finding.examples.map(String.init).joined(separator: ", ")))"
                    Terminal.out("- \(finding.finding): \(finding.tickets) ticket(s)\(examples)")
                    Terminal.out("  \(finding.advice)")
                }
                return
            }
            let table = DataCheck.table(findings, month: chosen)
            var header = table
            header.rows = []
            try output.emit { start, row in
                try start(header)
                for cells in table.rows { try row(cells) }
                return table.rows.count
            }
        }
    }
}
