import ArgumentParser
import Config
import Foundation
import HelpdeskAPI
import Ingest

/// How to reach the helpdesk; shared by `ingest` and `sync`.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The Get Ticket endpoint, e.g. https://support.example.com/api/getticket (default: source.url).")
    var url: String?

    @Option(help: "bearer (Authorization: Bearer, multipart body) or whmcs (identifier + secret, form body).")
    var auth: HelpdeskConnection.Auth?

    @Option(help: "Read the bearer token from this file instead of TICKETREPORT_TOKEN.")
    var tokenFile: String?

    @Option(help: "Read the WHMCS identifier and secret from this file (lines identifier=… and secret=…).")
    var credentialsFile: String?

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 8

    @Option(
        help: "At most this many requests per second, e.g. 10 or 10/s or 300/m.",
        transform: { try parsed($0, HelpdeskConnection.rate(parsing:), "a rate such as 10, 10/s or 300/m") })
    var rate: Double?

    @Option(help: "Retries per ticket after the first attempt (backoff with jitter, honouring Retry-After).")
    var retries: Int = 6

    @Option(
        help: "Deadline per request, e.g. 30s, 500ms, 2m (default: 30s).",
        transform: { try parsed($0, HelpdeskConnection.duration(parsing:), "a duration such as 30s, 500ms or 2m") })
    var timeout: Duration?

    @Option(help: "Name of this helpdesk in the store, for stores that hold several (default: source.name).")
    var source: String?

    @Option(help: "Refuse responses larger than this many megabytes.")
    var maxResponseMb: Int = 64

    @Flag(help: "Skip TLS certificate verification (dangerous; warns on every run).")
    var insecure = false

    @Flag(help: "Allow plain http:// to a host other than loopback (the token travels unencrypted).")
    var allowHTTP = false

    func validate() throws {
        guard concurrency >= 1, concurrency <= 256 else { throw ValidationError("--concurrency must be 1…256") }
        guard retries >= 0, retries <= 50 else { throw ValidationError("--retries must be 0…50") }
        guard maxResponseMb >= 1 else { throw ValidationError("--max-response-mb must be at least 1") }
        if let source, source.isEmpty { throw ValidationError("--source must not be empty") }
        if url != nil { _ = try connection(.default) }
    }

    /// The connection as this run uses it: flags first, then the configuration's `source:`,
    /// then the defaults.
    func connection(_ config: TicketReportConfig, repliesSort: RepliesSort = .ascending) throws
        -> HelpdeskConnection
    {
        var connection: HelpdeskConnection
        do {
            connection = try HelpdeskConnection(
                url: url, auth: auth, source: source, allowHTTP: allowHTTP, config: config)
        } catch { throw ValidationError(error.message) }
        connection.concurrency = concurrency
        connection.ratePerSecond = rate
        connection.retries = retries
        connection.timeout = timeout ?? connection.timeout
        connection.maxResponseBytes = maxResponseMb << 20
        connection.insecureTLS = insecure
        connection.repliesSort = repliesSort
        return connection
    }

    /// Where this run's credentials come from.
    func credentialSources(accessKeyFile: String?) -> CredentialSources {
        CredentialSources(
            environment: ProcessInfo.processInfo.environment, tokenFile: tokenFile, credentialsFile: credentialsFile,
            accessKeyFile: accessKeyFile)
    }
}

extension HelpdeskConnection.Auth: ExpressibleByArgument {}

/// An option value parsed by a library function, or a usage error saying what was expected.
private func parsed<T>(_ text: String, _ parse: (String) -> T?, _ expected: String) throws -> T {
    guard let value = parse(text) else { throw ValidationError("'\(text)' is not \(expected)") }
    return value
}
