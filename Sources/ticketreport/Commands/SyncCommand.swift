import ArgumentParser
import Config
import Ingest

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch new tickets and whatever changed since the last sync, recording each change (cron-friendly).",
        discussion: """
            With --auth whmcs the helpdesk lists its active tickets (GetTickets) and only \
            tickets that changed, new ones and ones no longer active are fetched. Otherwise \
            (the bearer API, a helpdesk that refuses GetTickets, or --full-refresh) every stored \
            ticket not closed is fetched again. Either way, new ids after the highest stored \
            one are fetched, and every change seen goes to ticket_events.
            With source.url in ticketreport.yaml, no flags are needed. Example (crontab, hourly):
              0 * * * *  cd /srv/reports && TICKETREPORT_IDENTIFIER=… TICKETREPORT_SECRET=… ticketreport sync
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(
        help: "Status counted as closed (repeatable; default: closed_statuses, else Closed); others are fetched again.")
    var closedStatus: [String] = []

    @Option(help: "Where to start when the store is empty.")
    var from: Int = 1

    @Option(
        help: ArgumentHelp(
            "Stop after this many consecutive missing ids past the highest stored one (default: \(SyncOptions.refreshAllProbe); \(SyncOptions.changeAwareProbe) past the highest listed one in a change-aware sync).",
            valueName: "n"))
    var stopAfterMissing: Int?

    @Flag(help: "Fetch every stored ticket not closed again, even when the helpdesk can list what changed.")
    var fullRefresh = false

    @Option(help: "Tickets per GetTickets page in a change-aware sync.")
    var pageSize = 100

    func validate() throws {
        guard from >= 1 else { throw ValidationError("--from must be 1 or more") }
        if let stopAfterMissing, stopAfterMissing < 1 {
            throw ValidationError("--stop-after-missing must be at least 1")
        }
        guard (1...1_000).contains(pageSize) else { throw ValidationError("--page-size must be between 1 and 1000") }
    }

    func run() async throws {
        let config = try config.load()
        let driver = try IngestDriver(global: global, options: connection, config: config)
        let options = SyncOptions(
            source: driver.connection.source,
            closedStatuses: Set(closedStatus.isEmpty ? config.closedStatuses : closedStatus), from: from,
            stopAfterMissing: stopAfterMissing, pageSize: pageSize, fullRefresh: fullRefresh)
        try await driver.sync(options, resumeHint: "ticketreport sync --url …")
    }
}
