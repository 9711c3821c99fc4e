import ArgumentParser
import Foundation
import Reporting
import Synchronization
import TicketStore

/// `ticketreport rebuild [--metrics]`: re-derive the store from what it holds, no network.
struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Re-derive tickets, replies and metrics from the stored responses, without the network.",
        discussion: """
            Every ticket's response body is kept in raw_responses (without the access key). \
            rebuild decodes them again with this version's rules and rewrites the tickets, \
            replies, notes and metrics, one transaction per batch: after an upgrade that reads \
            responses better, run it once to bring an existing store up to date. With \
            --metrics only ticket_metrics and reply_waits are recomputed, from the stored \
            replies: after changing business_hours or holidays in ticketreport.yaml.

            Interrupted (Ctrl-C), it keeps every finished batch; run it again to continue. A \
            stored response that no longer decodes is named and its ticket left as it was \
            (exit 2).

            Examples:
              ticketreport rebuild
              ticketreport rebuild --metrics --config ticketreport.yaml
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var reporting: ReportingOptions

    @Flag(help: "Recompute only the derived metrics (ticket_metrics, reply_waits) with the configured calendar.")
    var metrics = false

    func run() throws {
        let config = try reporting.loadConfig()
        let path = global.storePath(config)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError.usage("no store at \(path) (check --db)")
        }
        let store: TicketStore
        do { store = try TicketStore(path: path, access: .readWrite, calendar: config.calendar) } catch {
            throw CLIError.from(error)
        }
        let stop = Mutex(false)
        let interrupt = InterruptHandler { stop.withLock { $0 = true } }
        defer { interrupt.stop() }
        let summary: RebuildSummary
        do {
            summary = try store.rebuild(
                metrics ? .metrics : .everything, shouldStop: { stop.withLock { $0 } },
                onProgress: { progress in
                    Terminal.progress(
                        "\(grouped(progress.done))/\(grouped(progress.total)) tickets"
                            + String(format: " · %.0f/s", Double(progress.done) / max(progress.elapsedSeconds, 1e-6)))
                })
        } catch {
            throw CLIError.from(error)
        }
        Terminal.clearProgress()
        let what = metrics ? "the metrics of" : ""
        var line = String(
            format: "Rebuilt %@%@ tickets from stored %@ in %.1f s; %@ changed", what.isEmpty ? "" : what + " ",
            grouped(summary.rebuilt), metrics ? "replies" : "responses", summary.elapsedSeconds,
            grouped(summary.changed))
        if summary.resumed { line += " (continued an interrupted rebuild)" }
        Terminal.out(line)
        if summary.withoutResponse > 0 {
            Terminal.note(
                "Note: \(grouped(summary.withoutResponse)) ticket(s) have no stored response and were left as they were."
            )
        }
        if summary.interrupted {
            Terminal.note("Interrupted: finished batches are saved. Run the same command again to continue.")
            throw ExitCode(130)
        }
        if !summary.undecodable.isEmpty {
            let examples = summary.undecodable.prefix(5).map { "\($0.ticketID) (\($0.reason))" }
            throw CLIError.partial(
                "\(summary.undecodable.count) stored response(s) no longer decode and their tickets were left as they were: "
                    + examples.joined(separator: ", ")
                    + (summary.undecodable.count > 5 ? ", …" : "")
                    + "; `ticketreport check` lists them all")
        }
    }

    private func grouped(_ number: Int) -> String {
        number.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}
