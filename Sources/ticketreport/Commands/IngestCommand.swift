import ArgumentParser
import Config
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
        do { try IngestRequest.Selection.check(from: from, to: to, idsFile: ids, retryFailed: retryFailed) } catch {
            throw ValidationError(error.message)
        }
        if refresh, refreshOpen { throw ValidationError("use either --refresh or --refresh-open, not both") }
        guard stopAfterMissing >= 1 else { throw ValidationError("--stop-after-missing must be at least 1") }
    }

    func run() async throws {
        let selection = try IngestRequest.Selection(from: from, to: to, idsFile: ids, retryFailed: retryFailed)
        let config = try config.load()
        let closed = closedStatus.isEmpty ? config.closedStatuses : closedStatus
        let request = IngestRequest(
            selection: selection, refresh: refresh ? .all : refreshOpen ? .open(closedStatuses: Set(closed)) : .none,
            stopAfterMissing: stopAfterMissing)
        let resume =
            from.map { "--from \($0)" + (to.map { " --to \($0)" } ?? "") } ?? ids.map { "--ids \($0)" }
            ?? "--retry-failed"
        try await IngestDriver(global: global, options: connection, config: config, repliesSort: repliesSort).run(
            request, resumeHint: "ticketreport ingest --url … \(resume)")
    }
}

extension RepliesSort: ExpressibleByArgument {
    package init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}
