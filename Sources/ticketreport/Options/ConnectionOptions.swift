import ArgumentParser
import Foundation
import HelpdeskAPI
import Reporting

/// How to reach the helpdesk; shared by `ingest` and `sync`.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: "The configuration file (default: ./ticketreport.yaml when it exists); its source: gives the defaults.")
    var config: String?

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
        _ = try resolved()
    }

    /// The connection as this run uses it: flags first, then the configuration's `source:`,
    /// then the defaults.
    func resolved() throws -> ResolvedConnection {
        let configuration: TicketReportConfig
        do { configuration = try TicketReportConfig.resolve(explicitPath: config) } catch {
            throw ValidationError(error.description)
        }
        guard let text = url ?? configuration.source.url else {
            throw ValidationError(
                "missing --url (the helpdesk's Get Ticket endpoint, or source.url in ticketreport.yaml)")
        }
        return ResolvedConnection(
            urlText: text, url: try Self.checkedURL(text, allowHTTP: allowHTTP),
            auth: auth ?? AuthStyle(rawValue: configuration.source.auth.rawValue) ?? .bearer,
            source: source ?? configuration.source.name, configuration: configuration)
    }

    /// Parses and vets the endpoint: http(s) only, and no plain http beyond loopback unless asked.
    static func checkedURL(_ text: String, allowHTTP: Bool) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else {
            throw ValidationError(
                "--url '\(redactedURL(text))' is not a URL like https://support.example.com/api/getticket")
        }
        guard scheme == "https" || scheme == "http" else {
            throw ValidationError("--url must start with https:// (or http:// for a local helpdesk)")
        }
        if scheme == "http", !isLoopback(host), !allowHTTP {
            throw ValidationError(
                "--url uses plain http:// to \(host): the token would travel unencrypted (use https://, or --allow-http)"
            )
        }
        return url
    }

    /// Whether `host` names this machine: `localhost`, `::1` or an IPv4 address in 127.0.0.0/8.
    /// A name that merely starts with "127." (`127.0.0.1.example.com`) is somebody else's host.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The URL as safe to store and print: no user info, no query string.
    static func redactedURL(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "(unparseable URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(unparseable URL)"
    }

    /// Loads the credentials from the environment or the given files; for classic WHMCS also
    /// the API access key, from `TICKETREPORT_ACCESS_KEY` or the configuration's `access_key_file`.
    func credentials(
        _ auth: AuthStyle, accessKeyFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> HelpdeskCredentials {
        switch auth {
        case .bearer:
            if let tokenFile {
                let token = try Self.readSecretFile(tokenFile).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !token.isEmpty else { throw CLIError.usage("the token file \(tokenFile) is empty") }
                return .bearer(token: token)
            }
            guard let token = environment["TICKETREPORT_TOKEN"], !token.isEmpty else {
                throw CLIError.usage(
                    "no API token: set TICKETREPORT_TOKEN or pass --token-file FILE (bearer auth)")
            }
            return .bearer(token: token)
        case .whmcs:
            var identifier = environment["TICKETREPORT_IDENTIFIER"]
            var secret = environment["TICKETREPORT_SECRET"]
            if let credentialsFile {
                for line in try Self.readSecretFile(credentialsFile).split(whereSeparator: \.isNewline) {
                    let parts = line.split(separator: "=", maxSplits: 1).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    guard parts.count == 2 else { continue }
                    if parts[0] == "identifier" { identifier = parts[1] }
                    if parts[0] == "secret" { secret = parts[1] }
                }
            }
            guard let identifier, !identifier.isEmpty, let secret, !secret.isEmpty else {
                throw CLIError.usage(
                    "no WHMCS credentials: set TICKETREPORT_IDENTIFIER and TICKETREPORT_SECRET, or pass --credentials-file FILE"
                )
            }
            var accessKey = environment["TICKETREPORT_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            if accessKey == nil, let accessKeyFile {
                let key = try Self.readSecretFile(accessKeyFile).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !key.isEmpty else { throw CLIError.usage("the access key file \(accessKeyFile) is empty") }
                accessKey = key
            }
            return .whmcs(identifier: identifier, secret: secret, accessKey: accessKey)
        }
    }

    /// Reads a secret file, warning when other users could read it too.
    static func readSecretFile(_ path: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let data = FileManager.default.contents(atPath: path)
        else {
            throw CLIError.usage("cannot read \(path) (does it exist and is it readable?)")
        }
        if let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 != 0 {
            Terminal.warning("\(path) is readable by other users (chmod 600 \(path))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Which variable to check when the helpdesk refuses the credentials.
    func credentialHint(_ auth: AuthStyle) -> String {
        switch auth {
        case .bearer: return tokenFile.map { "the token in \($0)" } ?? "TICKETREPORT_TOKEN"
        case .whmcs:
            return credentialsFile.map { "the credentials in \($0)" }
                ?? "TICKETREPORT_IDENTIFIER and TICKETREPORT_SECRET"
        }
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
    var configuration: TicketReportConfig
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
