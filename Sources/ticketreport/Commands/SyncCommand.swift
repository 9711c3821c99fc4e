import ArgumentParser
import Config
import Ingest

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch new tickets after the highest stored id and refresh the ones not closed (cron-friendly).",
        discussion: """
            With source.url in ticketreport.yaml, no flags are needed. Example (crontab, hourly):
              0 * * * *  cd /srv/reports && TICKETREPORT_TOKEN=… ticketreport sync
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(
        help: "Status counted as closed (repeatable; default: closed_statuses, else Closed); others are fetched again.")
    var closedStatus: [String] = []

    @Option(help: "Where to start when the store is empty.")
    var from: Int = 1

    @Option(help: "Stop after this many consecutive missing ids past the highest stored one.")
    var stopAfterMissing: Int = 50

    func validate() throws {
        guard from >= 1 else { throw ValidationError("--from must be 1 or more") }
        guard stopAfterMissing >= 1 else { throw ValidationError("--stop-after-missing must be at least 1") }
    }

    func run() async throws {
        let config = try config.load()
        let driver = try IngestDriver(global: global, options: connection, config: config)
        let store = try driver.openStore()
        let request = try IngestRequest.sync(
            store: store, source: driver.connection.source,
            closedStatuses: Set(closedStatus.isEmpty ? config.closedStatuses : closedStatus), from: from,
            stopAfterMissing: stopAfterMissing)
        try await driver.run(request, resumeHint: "ticketreport sync --url …", store: store)
    }
}
