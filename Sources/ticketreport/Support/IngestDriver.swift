import ArgumentParser
import Config
import HelpdeskAPI
import Ingest
import Logging
import TicketStore

/// Wires an ingest run for the command line: store, credentials, Ctrl-C, the progress line
/// and the closing summary.
struct IngestDriver {
    var global: GlobalOptions
    var connection: HelpdeskConnection
    var credentialSources: CredentialSources
    var config: TicketReportConfig
    /// Overrides the credential sources, for the built-in demo.
    var credentialsOverride: HelpdeskCredentials?

    init(
        global: GlobalOptions, options: ConnectionOptions, config: TicketReportConfig,
        repliesSort: RepliesSort = .ascending
    )
        throws
    {
        self.global = global
        self.connection = try options.connection(config, repliesSort: repliesSort)
        self.credentialSources = options.credentialSources(accessKeyFile: config.source.accessKeyFile)
        self.config = config
    }

    /// Opens the store for writing with the configuration's business calendar, which the
    /// stored business-hours first response times are computed with.
    func openStore() throws -> TicketStore {
        let store = try TicketStore(
            path: global.storePath(config), access: .readWrite, calendar: config.calendar,
            helpdeskTimeZone: config.source.timeZone)
        if let recorded = try? store.metricsCalendarFingerprint(), recorded != config.calendar.fingerprint {
            Terminal.warning(
                "the stored business-hours first response times were computed with other business hours or holidays than ticketreport.yaml's; run `ticketreport rebuild --metrics` to recompute them for every ticket"
            )
        }
        return store
    }

    /// Runs `request` (its selection, refresh and stop rule; the connection fills in the
    /// rest) and prints the summary; throws for what should end the command non-zero.
    func run(_ request: IngestRequest, resumeHint: String, store existing: TicketStore? = nil) async throws {
        try await execute(resumeHint: resumeHint, store: existing) { connection, credentials, store, logger in
            try await Ingester.run(
                request, over: connection, credentials: credentials, store: store, logger: logger,
                onEvent: ProgressPrinter().handle)
        }
    }

    /// Plans and runs a sync (change-aware when the helpdesk lists tickets), like ``run(_:resumeHint:store:)``.
    func sync(_ options: SyncOptions, resumeHint: String, store existing: TicketStore? = nil) async throws {
        try await execute(resumeHint: resumeHint, store: existing) { connection, credentials, store, logger in
            try await Ingester.sync(
                options, over: connection, credentials: credentials, store: store, logger: logger,
                onEvent: ProgressPrinter().handle)
        }
    }

    private func execute(
        resumeHint: String, store existing: TicketStore?,
        _ operation:
            @escaping @Sendable (HelpdeskConnection, HelpdeskCredentials, TicketStore, Logger) async throws ->
            Result<IngestSummary, IngestError>
    ) async throws {
        let credentials: HelpdeskCredentials
        do {
            credentials =
                try credentialsOverride ?? credentialSources.load(connection.auth.rawValue, read: SecretFile.read)
        } catch let missing as CredentialSources.Missing {
            throw CLIError.usage(missing.description)
        }
        if connection.insecureTLS {
            Terminal.warning("--insecure: TLS certificates are not verified; anyone on the path can read the token")
        }
        let store = try existing ?? openStore()
        let task = Task { [connection, global] in
            try await operation(connection, credentials, store, global.makeLogger())
        }
        let interrupt = InterruptHandler { task.cancel() }
        defer { interrupt.stop() }
        let outcome = try await task.value
        Terminal.clearProgress()

        switch outcome {
        case .failure(let error):
            throw IngestFailure(
                error: error, authStyle: credentials.styleName,
                credentialHint: credentialSources.hint(connection.auth.rawValue), url: connection.url,
                retries: connection.retries)
        case .success(let summary):
            Terminal.out(summary.line)
            if summary.outcome == .interrupted {
                Terminal.note(
                    "Interrupted: completed tickets are saved. Run the same command again to resume: \(resumeHint)")
                throw ExitCode(130)
            }
            if let message = summary.failureMessage(retries: connection.retries) { throw CLIError.partial(message) }
        }
    }
}
