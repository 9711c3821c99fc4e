import Config
import Foundation
import HelpdeskAPI
import Logging
import TicketStore

/// How a run reaches the helpdesk: the endpoint, auth style and source name (what the
/// caller gives, else `source:` in the configuration), and the client's limits.
///
///     var connection = try HelpdeskConnection(config: config)   // source.url, source.auth, source.name
///     connection.concurrency = 16
///     let outcome = try await Ingester.run(request, over: connection, credentials: credentials, store: store, logger: logger)
package struct HelpdeskConnection: Sendable {
    package typealias Auth = TicketReportConfig.Source.Auth

    /// The Get Ticket endpoint, vetted by ``HelpdeskEndpoint/vetted(_:allowHTTP:)``.
    package var url: URL
    package var auth: Auth
    /// The store's name for this helpdesk.
    package var source: String
    /// Requests in flight at once.
    package var concurrency = 8
    /// Requests per second across all workers; nil for unlimited.
    package var ratePerSecond: Double?
    /// Retries per id after the first attempt.
    package var retries = 6
    /// Deadline per request.
    package var timeout: Duration = .seconds(30)
    /// A larger response fails for good, unread.
    package var maxResponseBytes = 64 << 20
    package var insecureTLS = false
    package var repliesSort: RepliesSort = .ascending

    /// `url`, `auth` and `source` override the configuration's `source:`.
    ///
    /// - Throws: `IngestError(.invalidRequest)` when neither gives a URL, or the URL is refused.
    package init(
        url: String? = nil, auth: Auth? = nil, source: String? = nil, allowHTTP: Bool = false,
        config: TicketReportConfig = .default
    ) throws(IngestError) {
        guard let text = url ?? config.source.url else {
            throw IngestError(
                .invalidRequest,
                "missing --url (the helpdesk's Get Ticket endpoint, or source.url in ticketreport.yaml)")
        }
        do { self.url = try HelpdeskEndpoint.vetted(text, allowHTTP: allowHTTP) } catch {
            throw IngestError(.invalidRequest, error.description)
        }
        self.auth = auth ?? config.source.auth
        self.source = source ?? config.source.name
    }

    /// A rate as people write it: `10` or `10/s`, `300/m`, `1000/h`; in requests per second.
    package static func rate(parsing text: String) -> Double? {
        let parts = text.lowercased().split(separator: "/", maxSplits: 1)
        guard let value = Double(parts.first ?? ""), value > 0, value.isFinite else { return nil }
        switch parts.count == 2 ? String(parts[1]) : "s" {
        case "s", "sec", "second": return value
        case "m", "min", "minute": return value / 60
        case "h", "hour": return value / 3600
        default: return nil
        }
    }

    /// A duration as people write it: `30` or `30s`, `500ms`, `2m`, `1h`.
    package static func duration(parsing text: String) -> Duration? {
        let text = text.lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let (suffix, scale) = units.first { text.hasSuffix($0.0) } ?? ("", 1)
        guard let value = Double(text.dropLast(suffix.count)), value > 0, value.isFinite else { return nil }
        return .milliseconds(Int64(value * scale * 1000))
    }
}

extension Ingester {
    /// Runs `request` over HTTP as `connection` says (its source, concurrency, rate and
    /// retries replace the request's), recording the run without any secret; the client's
    /// connection pool is shut down afterwards, whatever happens.
    ///
    /// A cancellation of the calling task interrupts the run as ``run(_:runInfo:)`` describes.
    package static func run(
        _ request: IngestRequest, over connection: HelpdeskConnection, credentials: HelpdeskCredentials,
        store: TicketStore, logger: Logger, onEvent: @escaping @Sendable (IngestEvent) -> Void = { _ in }
    ) async throws -> Result<IngestSummary, IngestError> {
        try await run(over: connection, credentials: credentials, store: store, logger: logger, onEvent: onEvent) { _ in
            request
        }
    }

    /// Plans a sync (``SyncPlan/make(_:store:listing:retries:clock:)``: change-aware when the
    /// helpdesk lists tickets, else every open ticket again), reports the plan as
    /// ``IngestEvent/syncPlanned(_:)`` and runs it like ``run(_:over:credentials:store:logger:onEvent:)``.
    package static func sync(
        _ options: SyncOptions, over connection: HelpdeskConnection, credentials: HelpdeskCredentials,
        store: TicketStore, logger: Logger, onEvent: @escaping @Sendable (IngestEvent) -> Void = { _ in }
    ) async throws -> Result<IngestSummary, IngestError> {
        var options = options
        options.source = connection.source
        return try await run(over: connection, credentials: credentials, store: store, logger: logger, onEvent: onEvent)
        {
            client throws(IngestError) in
            let plan = try await SyncPlan.make(options, store: store, listing: client, retries: connection.retries)
            onEvent(.syncPlanned(plan))
            return plan.request
        }
    }

    private static func run(
        over connection: HelpdeskConnection, credentials: HelpdeskCredentials, store: TicketStore, logger: Logger,
        onEvent: @escaping @Sendable (IngestEvent) -> Void,
        plan: (HelpdeskClient) async throws(IngestError) -> IngestRequest
    ) async throws -> Result<IngestSummary, IngestError> {
        let client = HelpdeskClientConfiguration(
            url: connection.url, credentials: credentials, repliesSort: connection.repliesSort,
            timeout: connection.timeout, maxBodyBytes: connection.maxResponseBytes,
            maxConnections: connection.concurrency, insecureTLS: connection.insecureTLS)
        return try await withHelpdeskClient(client, logger: logger) { client in
            do throws(IngestError) {
                var request = try await plan(client)
                request.source = connection.source
                request.concurrency = connection.concurrency
                request.ratePerSecond = connection.ratePerSecond
                request.retries = connection.retries
                let info = RunInfo(
                    url: HelpdeskEndpoint.redacted(connection.url.absoluteString), authStyle: credentials.styleName,
                    requestText: request.requestText,
                    optionsJSON: request.optionsJSON(client: [
                        "timeout_s": Double(connection.timeout.components.seconds),
                        "replies_sort": connection.repliesSort.rawValue, "insecure": connection.insecureTLS,
                    ]))
                let ingester = Ingester(fetcher: client, store: store, logger: logger, onEvent: onEvent)
                return .success(try await ingester.run(request, runInfo: info))
            } catch {
                return .failure(error)
            }
        }
    }
}
