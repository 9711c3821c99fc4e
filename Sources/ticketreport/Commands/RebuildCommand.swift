import ArgumentParser
import Config
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
    @OptionGroup var config: ConfigOptions

    @Flag(help: "Recompute only the derived metrics (ticket_metrics, reply_waits) with the configured calendar.")
    var metrics = false

    func run() throws {
        let config = try config.load()
        let path = global.storePath(config)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError.usage("no store at \(path) (check --db)")
        }
        let store = try TicketStore(path: path, access: .readWrite, calendar: config.calendar)
        let stop = Mutex(false)
        let interrupt = InterruptHandler { stop.withLock { $0 = true } }
        defer { interrupt.stop() }
        let summary = try store.rebuild(
            metrics ? .metrics : .everything, shouldStop: { stop.withLock { $0 } },
            onProgress: { Terminal.progress($0.line) })
        Terminal.clearProgress()
        Terminal.out(summary.line)
        summary.notes.forEach(Terminal.note)
        if summary.interrupted {
            Terminal.note("Interrupted: finished batches are saved. Run the same command again to continue.")
            throw ExitCode(130)
        }
        if let message = summary.undecodableMessage { throw CLIError.partial(message) }
    }
}
