import Config
import ArgumentParser
import Config
import Foundation
import HelpdeskAPI

/// How to reach the helpdesk; shared by `ingest` and `sync`.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The Get Ticket endpoint, e.g. https://support.example.com/api/getticket (default: source.url).")
    var url: String?

    @Option(help: "bearer (Authorization: Bearer, multipart body) or whmcs (identifier + secret, form body).")
    var auth: AuthStyle?

    @Option(help: "Read the bearer token from this file instead of TICKETREPORT_TOKEN.")
    var tokenFile: String?

    @Option(help: "Read the WHMCS identifier and secret from this file (lines identifier=… and secret=…).")
    var credentialsFile: String?

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 8

    @Option(help: "At most this many requests per second, e.g. 10 or 10/s or 300/m.")
    var rate: RateOption?

    @Option(help: "Retries per ticket after the first attempt (backoff with jitter, honouring Retry-After).")
    var retries: Int = 6

    @Option(help: "Deadline per request, e.g. 30s, 500ms, 2m.")
    var timeout: DurationOption = DurationOption(.seconds(30))

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
        if let url { _ = try Self.checkedURL(url, allowHTTP: allowHTTP) }
    }

    /// The connection as this run uses it: flags first, then the configuration's `source:`,
    /// then the defaults.
    func resolved(_ configuration: TicketReportConfig) throws -> ResolvedConnection {
        guard let text = url ?? configuration.source.url else {
            throw ValidationError(
                "missing --url (the helpdesk's Get Ticket endpoint, or source.url in ticketreport.yaml)")
        }
        return ResolvedConnection(
            urlText: text, url: try Self.checkedURL(text, allowHTTP: allowHTTP),
            auth: auth ?? AuthStyle(rawValue: configuration.source.auth.rawValue) ?? .bearer,
            source: source ?? configuration.source.name)
    }

    /// Parses and vets the endpoint (``HelpdeskEndpoint``), as a usage error.
    static func checkedURL(_ text: String, allowHTTP: Bool) throws -> URL {
        do { return try HelpdeskEndpoint.vetted(text, allowHTTP: allowHTTP) } catch {
            throw ValidationError(error.description)
        }
    }

    /// Where this run's credentials come from.
    func credentialSources(accessKeyFile: String?) -> CredentialSources {
        CredentialSources(
            environment: ProcessInfo.processInfo.environment, tokenFile: tokenFile, credentialsFile: credentialsFile,
            accessKeyFile: accessKeyFile)
    }
}

enum AuthStyle: String, ExpressibleByArgument, CaseIterable, Sendable {
    case bearer, whmcs
}

/// Where and as whom this run connects, after flags and configuration are combined.
struct ResolvedConnection {
    var urlText: String
    var url: URL
    var auth: AuthStyle
    var source: String
}

/// `10`, `10/s`, `300/m`: requests per second.
struct RateOption: ExpressibleByArgument, Sendable {
    var perSecond: Double

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "/", maxSplits: 1)
        guard let value = Double(parts.first ?? ""), value > 0, value.isFinite else { return nil }
        switch parts.count == 2 ? String(parts[1]) : "s" {
        case "s", "sec", "second": perSecond = value
        case "m", "min", "minute": perSecond = value / 60
        case "h", "hour": perSecond = value / 3600
        default: return nil
        }
    }
}

/// `30`, `30s`, `500ms`, `2m`.
struct DurationOption: ExpressibleByArgument, CustomStringConvertible, Sendable {
    var duration: Duration

    var description: String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    init(_ duration: Duration) { self.duration = duration }

    init?(argument: String) {
        let text = argument.lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var factor = 1.0
        var number = Substring(text)
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            factor = scale
            number = text.dropLast(suffix.count)
            break
        }
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        duration = .milliseconds(Int64(value * factor * 1000))
    }
}
