import ArgumentParser
import Foundation
import HelpdeskAPI
import Ingest
import Logging
import Reporting
import TicketStore

/// Wires an ingest run for the command line: store, credentials, client, Ctrl-C,
/// progress line and the closing summary.
struct IngestDriver {
    var global: GlobalOptions
    var connection: ConnectionOptions
    var repliesSort: RepliesSort
    /// Overrides the environment, for the built-in demo.
    var credentialsOverride: HelpdeskCredentials?
    var showProgress = true

    init(global: GlobalOptions, connection: ConnectionOptions, repliesSort: RepliesSort) {
        self.global = global
        self.connection = connection
        self.repliesSort = repliesSort
    }

    /// Opens the store for writing with the configuration's business calendar, which the
    /// stored business-hours FRT is computed with.
    static func openStore(_ path: String, calendar: BusinessCalendar) throws -> TicketStore {
        let store: TicketStore
        do { store = try TicketStore(path: path, access: .readWrite, calendar: calendar) } catch {
            throw CLIError.from(error)
        }
        if let recorded = try? store.metricsCalendarFingerprint(), recorded != calendar.fingerprint {
            Terminal.warning(
                "the stored business-hours first response times were computed with other business hours or holidays than ticketreport.yaml's; run `ticketreport rebuild --metrics` to recompute them for every ticket"
            )
        }
        return store
    }

    @discardableResult
    func run(
        selection: IngestRequest.Selection, refresh: IngestRequest.Refresh, extraIDs: [Int], stopAfterMissing: Int,
        resumeHint: String, store existing: TicketStore? = nil
    ) async throws -> IngestSummary {
        let logger = global.makeLogger()
        let resolved = try connection.resolved()
        let credentials =
            try credentialsOverride
            ?? connection.credentials(resolved.auth, accessKeyFile: resolved.configuration.source.accessKeyFile)
        if connection.insecure {
            Terminal.warning("--insecure: TLS certificates are not verified; anyone on the path can read the token")
        }
        let store =
            try existing
            ?? Self.openStore(global.storePath(resolved.configuration), calendar: resolved.configuration.calendar)

        let request = IngestRequest(
            selection: selection, refresh: refresh, extraIDs: extraIDs, source: resolved.source,
            concurrency: connection.concurrency, ratePerSecond: connection.rate?.perSecond, retries: connection.retries,
            stopAfterMissing: stopAfterMissing)
        let safeURL = ConnectionOptions.redactedURL(resolved.urlText)
        let info = Ingester.RunInfo(
            url: safeURL, authStyle: credentials.styleName, requestText: Self.describe(selection, extraIDs: extraIDs),
            optionsJSON: optionsJSON(refresh: refresh, stopAfterMissing: stopAfterMissing))
        let clientConfiguration = HelpdeskClientConfiguration(
            url: resolved.url, credentials: credentials, repliesSort: repliesSort, timeout: connection.timeout.duration,
            maxBodyBytes: connection.maxResponseMb << 20, maxConnections: connection.concurrency,
            insecureTLS: connection.insecure)

        let progress = ProgressPrinter(enabled: showProgress)
        let outcome: Result<IngestSummary, IngestError>
        do {
            outcome = try await withHelpdeskClient(clientConfiguration, logger: logger) { client in
                let ingester = Ingester(fetcher: client, store: store, logger: logger, onEvent: progress.handle)
                let task = Task { () -> Result<IngestSummary, IngestError> in
                    do { return .success(try await ingester.run(request, runInfo: info)) } catch let error
                        as IngestError
                    {
                        return .failure(error)
                    } catch {
                        return .failure(IngestError(.store, "\(error)"))
                    }
                }
                let interrupt = InterruptHandler { task.cancel() }
                defer { interrupt.stop() }
                return await task.value
            }
        } catch {
            throw CLIError.fatal("could not set up the HTTP client: \(error)")
        }
        Terminal.clearProgress()

        switch outcome {
        case .failure(let error):
            switch error.kind {
            case .authentication(let refusal):
                throw CLIError.fatal(
                    Self.refusalMessage(
                        refusal, error: error, style: credentials.styleName,
                        check: connection.credentialHint(resolved.auth), url: resolved.url))
            case .notAnEndpoint:
                throw CLIError.fatal(
                    "\(error.message). Check --url: it must be the Get Ticket endpoint (classic WHMCS: https://YOUR-WHMCS/includes/api.php with --auth whmcs). Nothing more was fetched."
                )
            case .repeatedErrors:
                throw CLIError.fatal(
                    "\(error.message); check --url and the credentials, then run the same command again")
            case .unreachable:
                throw CLIError.fatal(
                    "cannot reach \(safeURL) after \(connection.retries) retries (\(error.message)); check --url and that the helpdesk is up, then run the same command again"
                )
            case .store, .invalidRequest:
                throw CLIError.from(error)
            }
        case .success(let summary):
            Terminal.out(Self.summaryLine(summary))
            switch summary.outcome {
            case .interrupted:
                Terminal.note(
                    "Interrupted: completed tickets are saved. Run the same command again to resume: \(resumeHint)")
                throw ExitCode(130)
            case .partial:
                // Why the first one failed: without it a user needs SQL on fetch_log to know.
                // The reason may quote the server: no control characters reach the terminal.
                let reason =
                    progress.firstFailure.map { failure in
                        let text = String(
                            String.UnicodeScalarView(
                                failure.reason.unicodeScalars.map {
                                    $0.properties.generalCategory == .control ? "?" : $0
                                }))
                        return "; ticket \(failure.ticketID): \(text)"
                    } ?? ""
                throw CLIError.partial(
                    "\(summary.counts.failed) ticket(s) still failed after \(connection.retries) retries (first: \(summary.failedIDs.prefix(5).map(String.init).joined(separator: ", "))\(reason)); fetch just those again with: ticketreport ingest --url … --retry-failed"
                )
            case .completed:
                return summary
            }
        }
    }

    /// One line naming what the helpdesk refused and what to change.
    static func refusalMessage(
        _ refusal: HelpdeskError.Refusal, error: IngestError, style: String, check: String, url: URL
    ) -> String {
        // "the helpdesk refused the request: "Invalid IP 203.0.113.7"" → the quoted answer.
        let answer = error.message.components(separatedBy: "refused the request: ").last ?? error.message
        let stop = "Nothing more was fetched."
        switch refusal {
        case .credentials:
            let classic =
                style == "bearer" && url.path.hasSuffix("/includes/api.php")
                ? " (this looks like classic WHMCS: try --auth whmcs)" : ""
            return
                "authentication failed (\(style) auth): the helpdesk refused the credentials (it answered \(answer)); check \(check)\(classic). \(stop)"
        case .ipNotAllowed:
            return
                "the helpdesk refused this machine's IP address (it answered \(answer)): add that address to the API IP allow-list (WHMCS: Setup > General Settings > Security > API IP Access Restriction), or set an API access key in TICKETREPORT_ACCESS_KEY. \(stop)"
        case .ipBanned:
            return
                "the helpdesk has banned this machine's IP address (it answered \(answer)), usually after failed logins: lift the ban in its admin area (WHMCS: Utilities > Security > Banned IPs) and check \(check). \(stop)"
        case .accessKey:
            return
                "the helpdesk refused the API access key (it answered \(answer)): check TICKETREPORT_ACCESS_KEY against $api_access_key in WHMCS's configuration.php. \(stop)"
        case .permissions:
            return
                "the API credentials may not read tickets (it answered \(answer)): allow GetTicket in the credential's API role (WHMCS: Setup > Staff Management > Manage API Credentials). \(stop)"
        case .accessDenied:
            return
                "the helpdesk denied access (it answered \(answer)): check \(check) and that this admin may use the API. \(stop)"
        }
    }

    static func summaryLine(_ summary: IngestSummary) -> String {
        let c = summary.counts
        return String(
            format: "%@: %d stored, %d not found, %d failed, %d skipped, %d retries in %.1f s (%.0f tickets/s)",
            summary.outcome == .interrupted ? "Interrupted" : "Done", c.stored, c.notFound, c.failed, c.skipped,
            c.retries, summary.elapsedSeconds, summary.ticketsPerSecond)
    }

    static func describe(_ selection: IngestRequest.Selection, extraIDs: [Int]) -> String {
        var text: String
        switch selection {
        case .range(let from, let to?): text = "range \(from)-\(to)"
        case .range(let from, nil): text = "open-ended from \(from)"
        case .ids(let ids): text = "\(ids.count) listed ids"
        case .failedOnly: text = "failed ids"
        }
        if !extraIDs.isEmpty { text += " + \(extraIDs.count) open tickets" }
        return text
    }

    /// The options worth recording with a run: never the token, the secret or the URL's query.
    func optionsJSON(refresh: IngestRequest.Refresh, stopAfterMissing: Int) -> String {
        let refreshText: String
        switch refresh {
        case .none: refreshText = "none"
        case .all: refreshText = "all"
        case .open: refreshText = "open"
        }
        let options: [String: Any] = [
            "concurrency": connection.concurrency, "rate_per_s": connection.rate?.perSecond ?? NSNull(),
            "retries": connection.retries, "timeout_s": Double(connection.timeout.duration.components.seconds),
            "refresh": refreshText, "stop_after_missing": stopAfterMissing, "replies_sort": repliesSort.rawValue,
            "insecure": connection.insecure,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: options, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
