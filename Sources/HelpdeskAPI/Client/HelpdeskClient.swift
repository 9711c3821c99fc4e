import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Settings of a Get Ticket client; secrets live only in `credentials`.
package struct HelpdeskClientConfiguration: Sendable {
    /// The Get Ticket endpoint, e.g. `https://support.example.com/api/getticket`.
    package var url: URL
    package var credentials: HelpdeskCredentials
    package var repliesSort: RepliesSort
    /// Per-request deadline, covering connect, headers and body.
    package var timeout: Duration
    /// Bodies larger than this are refused (a ticket is kilobytes; a runaway server is not).
    package var maxBodyBytes: Int
    /// Connections kept open to the helpdesk; set to the ingest concurrency.
    package var maxConnections: Int
    /// Skip TLS certificate verification. Only with an explicit `--insecure`.
    package var insecureTLS: Bool

    /// The URL as safe to log: scheme, host, port and path; no user info or query string,
    /// where users sometimes put secrets.
    var loggableURL: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(URL)"
    }

    /// - Parameters:
    ///   - maxBodyBytes: a response larger than this fails for good (no retry): a helpdesk
    ///     sending without end cannot fill the memory.
    ///   - insecureTLS: accept any certificate (a test helpdesk with a self-signed one).
    package init(
        url: URL, credentials: HelpdeskCredentials, repliesSort: RepliesSort = .ascending,
        timeout: Duration = .seconds(30), maxBodyBytes: Int = 64 << 20, maxConnections: Int = 8,
        insecureTLS: Bool = false
    ) {
        self.url = url
        self.credentials = credentials
        self.repliesSort = repliesSort
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.insecureTLS = insecureTLS
    }
}

/// Fetches tickets over HTTP and classifies every outcome.
///
/// Create one with ``withHelpdeskClient(_:logger:_:)``, which always shuts the connection
/// pool down. Redirects are never followed, so credentials cannot travel to another host.
package struct HelpdeskClient: Sendable {
    let configuration: HelpdeskClientConfiguration
    let httpClient: HTTPClient
    let logger: Logger

    /// Fetches one ticket. Throws only ``HelpdeskError``; a missing ticket is `.notFound`.
    package func getTicket(_ lookup: TicketLookup) async throws(HelpdeskError) -> GetTicketResult {
        let built = GetTicketRequest(
            lookup: lookup, sort: configuration.repliesSort, credentials: configuration.credentials)
        logger.trace("POST", metadata: ["lookup": "\(lookup)", "url": "\(configuration.loggableURL)"])
        let answer = try await post(headers: built.headers, body: built.body)
        logger.trace(
            "response",
            metadata: ["lookup": "\(lookup)", "status": "\(answer.status)", "bytes": "\(answer.body.count)"])
        do {
            return try GetTicketResponse.classify(
                status: answer.status, contentType: answer.contentType, retryAfter: answer.retryAfter,
                body: answer.body)
        } catch { throw scrubbed(error) }
    }

    /// One page of classic WHMCS's `GetTickets` listing; nil when the credentials are of a
    /// style that has no listing (bearer). The page's items never carry the access key `c`.
    package func listTickets(_ query: TicketListQuery) async throws(HelpdeskError) -> TicketListPage? {
        guard let built = GetTicketsRequest(query, credentials: configuration.credentials) else { return nil }
        logger.trace(
            "POST GetTickets", metadata: ["start": "\(query.start)", "url": "\(configuration.loggableURL)"])
        let answer = try await post(headers: built.headers, body: built.body)
        do {
            return try GetTicketsResponse.classify(
                status: answer.status, contentType: answer.contentType, retryAfter: answer.retryAfter,
                body: answer.body)
        } catch { throw scrubbed(error) }
    }

    private struct Answer {
        var status: Int
        var retryAfter: String?
        var contentType: String?
        var body: [UInt8]
    }

    private func post(headers: [(name: String, value: String)], body: [UInt8]) async throws(HelpdeskError)
        -> Answer
    {
        var request = HTTPClientRequest(url: configuration.url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        // Lets the helpdesk's admins tell these requests apart in their logs.
        request.headers.add(name: "User-Agent", value: ToolVersion.product)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await httpClient.execute(request, timeout: .init(configuration.timeout))
            var buffer = try await response.body.collect(upTo: configuration.maxBodyBytes)
            return Answer(
                status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                contentType: response.headers.first(name: "Content-Type"),
                body: buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch is NIOTooManyBytesError {
            // Not `error.maxBytes`: NIO reports the allowance left after the first chunk.
            let cap = configuration.maxBodyBytes
            throw HelpdeskError(
                .permanent,
                message: "the response is larger than the "
                    + (cap >= 1 << 20 ? "\(cap >> 20) MB" : "\(cap) bytes") + " cap")
        } catch {
            throw Self.classifyTransportError(error)
        }
    }

    /// Messages may quote the server, and a hostile one could echo the credentials back.
    private func scrubbed(_ error: HelpdeskError) -> HelpdeskError {
        var scrubbed = error
        for secret in configuration.credentials.secretValues where !secret.isEmpty {
            scrubbed.message = scrubbed.message.replacingOccurrences(of: secret, with: "[secret]")
        }
        return scrubbed
    }

    static func classifyTransportError(_ error: any Error) -> HelpdeskError {
        if error is CancellationError { return HelpdeskError(.transient, message: "cancelled") }
        if let client = error as? HTTPClientError {
            switch client {
            case .readTimeout, .writeTimeout, .deadlineExceeded, .connectTimeout, .getConnectionFromPoolTimeout:
                return HelpdeskError(.transient, message: "timed out")
            case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch:
                return HelpdeskError(.transient, message: "the connection closed before the response was complete")
            case .invalidURL, .emptyHost, .emptyScheme:
                return HelpdeskError(.permanent, message: "the URL is not a usable http(s) URL")
            case .cancelled:
                return HelpdeskError(.transient, message: "cancelled")
            default:
                return HelpdeskError(.transient, message: "HTTP error: \(client.shortDescription)")
            }
        }
        let text = String(describing: error)
        // A name that does not resolve fails every id alike, so it is the run's problem
        // (stop once retries are spent), not each ticket's.
        if text.contains("UnknownHost") {
            return HelpdeskError(.unreachable, message: "the helpdesk's host name does not resolve")
        }
        if text.contains("refused") || text.contains("NIOConnectionError") || text.contains("resolve")
            || text.contains("unreachable")
        {
            return HelpdeskError(.unreachable, message: "cannot connect to the helpdesk (connection refused?)")
        }
        if text.contains("reset") || text.contains("EOF") || text.contains("closed") {
            return HelpdeskError(.transient, message: "the connection was reset")
        }
        if text.contains("SSL") || text.contains("TLS") || text.contains("certificate") {
            return HelpdeskError(.permanent, message: "TLS failed: \(text.prefix(160))")
        }
        return HelpdeskError(.transient, message: "network error: \(text.prefix(160))")
    }
}

/// Runs `body` with a client whose connection pool is shut down afterwards, whatever happens.
package func withHelpdeskClient<Result: Sendable>(
    _ configuration: HelpdeskClientConfiguration, logger: Logger,
    _ body: (HelpdeskClient) async throws -> Result
) async throws -> Result {
    var pool = HTTPClient.Configuration.ConnectionPool(
        idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, configuration.maxConnections))
    // Our own retry loop decides about refused connections; AHC would otherwise keep
    // retrying silently until its connect timeout.
    pool.retryConnectionEstablishment = false
    var httpConfiguration = HTTPClient.Configuration(
        redirectConfiguration: .disallow,
        timeout: .init(connect: .seconds(10), read: .init(configuration.timeout)),
        connectionPool: pool)
    if configuration.insecureTLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        httpConfiguration.tlsConfiguration = tls
    }
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
    let client = HelpdeskClient(configuration: configuration, httpClient: httpClient, logger: logger)
    do {
        let result = try await body(client)
        try await httpClient.shutdown()
        return result
    } catch {
        try? await httpClient.shutdown()
        throw error
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
