import Config
import ArgumentParser
import Foundation
import HelpdeskAPI
import Ingest

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Fetch a range of tickets from the Get Ticket API into the store.",
        discussion: """
            Ids already stored (or known missing) are skipped, so running the same command again \
            resumes an interrupted run. The token comes from TICKETREPORT_TOKEN or --token-file; \
            --url, --auth and --source default to source: in ticketreport.yaml.

            Examples:
              ticketreport ingest --url https://support.example.com/api/getticket --from 1 --to 5000
              ticketreport ingest --url … --from 4800                  # open-ended: stops after 50 missing ids
              ticketreport ingest --url … --ids ids.txt --refresh      # fetch these again
              ticketreport ingest --url … --retry-failed               # only the ids that failed last time
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "First ticket id.")
    var from: Int?

    @Option(help: "Last ticket id (omit for an open-ended range).")
    var to: Int?

    @Option(help: "A file of ticket ids, one per line (or separated by commas/spaces).")
    var ids: String?

    @Flag(help: "Fetch only the ids whose last fetch failed.")
    var retryFailed = false

    @Flag(help: "Fetch again ids that are already stored.")
    var refresh = false

    @Flag(help: "Fetch again stored tickets whose status is not closed.")
    var refreshOpen = false

    @Option(help: "Status counted as closed for --refresh-open (repeatable; default: closed_statuses, else Closed).")
    var closedStatus: [String] = []

    @Option(help: "Open-ended ranges stop after this many consecutive missing ids.")
    var stopAfterMissing: Int = 50

    @Option(help: "ASC or DESC: the order in which the API lists replies (stored order is by date either way).")
    var repliesSort: RepliesSort = .ascending

    func validate() throws {
        let selections = [from != nil, ids != nil, retryFailed].filter { $0 }.count
        guard selections == 1 else {
            throw ValidationError(
                selections == 0
                    ? "say which tickets: --from N [--to M], --ids FILE or --retry-failed"
                    : "use only one of --from/--to, --ids and --retry-failed")
        }
        if to != nil, from == nil { throw ValidationError("--to needs --from") }
        if let from, from < 1 { throw ValidationError("--from must be a ticket id of 1 or more") }
        if let from, let to, to < from {
            throw ValidationError("--to \(to) is before --from \(from) (the range runs upwards)")
        }
        if refresh, refreshOpen { throw ValidationError("use either --refresh or --refresh-open, not both") }
        guard stopAfterMissing >= 1 else { throw ValidationError("--stop-after-missing must be at least 1") }
    }

    func run() async throws {
        let selection: IngestRequest.Selection
        if let from {
            selection = .range(from: from, to: to)
        } else if let ids {
            selection = try IngestRequest.Selection(idsFile: ids)
        } else {
            selection = .failedOnly
        }
        let config = try config.load()
        let closed = closedStatus.isEmpty ? config.closedStatuses : closedStatus
        let request = IngestRequest(
            selection: selection, refresh: refresh ? .all : refreshOpen ? .open(closedStatuses: Set(closed)) : .none,
            stopAfterMissing: stopAfterMissing)
        try await IngestDriver(global: global, connection: connection, config: config, repliesSort: repliesSort).run(
            request,
            resumeHint: "ticketreport ingest "
                + Self.resumeArguments(from: from, to: to, ids: ids, retryFailed: retryFailed))
    }

    static func resumeArguments(from: Int?, to: Int?, ids: String?, retryFailed: Bool) -> String {
        if let from { return "--url … --from \(from)" + (to.map { " --to \($0)" } ?? "") }
        if let ids { return "--url … --ids \(ids)" }
        return "--url … --retry-failed"
    }
}

extension RepliesSort: ExpressibleByArgument {
    package init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}
