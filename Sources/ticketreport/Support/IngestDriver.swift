import ArgumentParser
import Config
import Foundation
import HelpdeskAPI
import Ingest
import Logging
import TicketStore

/// Wires an ingest run for the command line: store, credentials, client, Ctrl-C, the
/// progress line and the closing summary.
struct IngestDriver {
    var global: GlobalOptions
    var connection: ConnectionOptions
    var config: TicketReportConfig
    var repliesSort: RepliesSort = .ascending
    /// Overrides the environment, for the built-in demo.
    var credentialsOverride: HelpdeskCredentials?

    /// Opens the store for writing with the configuration's business calendar, which the
    /// stored business-hours first response times are computed with.
    func openStore() throws -> TicketStore {
        let store = try TicketStore(path: global.storePath(config), access: .readWrite, calendar: config.calendar)
        if let recorded = try? store.metricsCalendarFingerprint(), recorded != config.calendar.fingerprint {
            Terminal.warning(
                "the stored business-hours first response times were computed with other business hours or holidays than ticketreport.yaml's; run `ticketreport rebuild --metrics` to recompute them for every ticket"
            )
        }
        return store
    }

    /// Runs `request` (its selection, refresh and stop rule; the connection options fill in
    /// the rest) and prints the summary; throws for what should end the command non-zero.
    @discardableResult
    func run(_ request: IngestRequest, resumeHint: String, store existing: TicketStore? = nil) async throws
        -> IngestSummary
    {
        let logger = global.makeLogger()
        let resolved = try connection.resolved(config)
        let sources = connection.credentialSources(accessKeyFile: config.source.accessKeyFile)
        let credentials: HelpdeskCredentials
        do {
            credentials = try credentialsOverride ?? sources.load(resolved.auth.rawValue, read: SecretFile.read)
        } catch let missing as CredentialSources.Missing {
            throw CLIError.usage(missing.description)
        }
        if connection.insecure {
            Terminal.warning("--insecure: TLS certificates are not verified; anyone on the path can read the token")
        }
        let store = try existing ?? openStore()
        let request = {
            var request = request
            request.source = resolved.source
            request.concurrency = connection.concurrency
            request.ratePerSecond = connection.rate?.perSecond
            request.retries = connection.retries
            return request
        }()

        let info = Ingester.RunInfo(
            url: HelpdeskEndpoint.redacted(resolved.urlText), authStyle: credentials.styleName,
            requestText: request.requestText,
            optionsJSON: request.optionsJSON(client: [
                "timeout_s": Double(connection.timeout.duration.components.seconds),
                "replies_sort": repliesSort.rawValue, "insecure": connection.insecure,
            ]))
        let client = HelpdeskClientConfiguration(
            url: resolved.url, credentials: credentials, repliesSort: repliesSort, timeout: connection.timeout.duration,
            maxBodyBytes: connection.maxResponseMb << 20, maxConnections: connection.concurrency,
            insecureTLS: connection.insecure)

        let progress = ProgressPrinter()
        let task = Task {
            try await Ingester.run(
                request, client: client, store: store, runInfo: info, logger: logger, onEvent: progress.handle)
        }
        let interrupt = InterruptHandler { task.cancel() }
        defer { interrupt.stop() }
        let outcome = try await task.value
        Terminal.clearProgress()

        switch outcome {
        case .failure(let error):
            throw IngestFailure(
                error: error, authStyle: credentials.styleName,
                credentialHint: sources.hint(resolved.auth.rawValue), url: resolved.url,
                retries: connection.retries)
        case .success(let summary):
            Terminal.out(summary.line)
            if summary.outcome == .interrupted {
                Terminal.note(
                    "Interrupted: completed tickets are saved. Run the same command again to resume: \(resumeHint)")
                throw ExitCode(130)
            }
            if let message = summary.failureMessage(retries: connection.retries) { throw CLIError.partial(message) }
            return summary
        }
    }
}
