import Foundation

/// The Get Ticket endpoint a user gives, vetted before any request: http(s) only, and no
/// plain http beyond loopback unless asked, since the token would travel unencrypted.
///
///     let url = try HelpdeskEndpoint.vetted("https://support.example.com/api/getticket", allowHTTP: false)
package enum HelpdeskEndpoint {
    /// Why an endpoint is refused, in one line that says what to write instead.
    package struct Refused: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// The URL to ask, or why not: not http(s), no host, or plain http to a non-loopback host
    /// without `allowHTTP`.
    package static func vetted(_ text: String, allowHTTP: Bool) throws(Refused) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else {
            throw Refused(
                description: "--url '\(redacted(text))' is not a URL like https://support.example.com/api/getticket")
        }
        guard scheme == "https" || scheme == "http" else {
            throw Refused(description: "--url must start with https:// (or http:// for a local helpdesk)")
        }
        if scheme == "http", !isLoopback(host), !allowHTTP {
            throw Refused(
                description:
                    "--url uses plain http:// to \(host): the token would travel unencrypted (use https://, or --allow-http)"
            )
        }
        return url
    }

    /// Whether `host` names this machine: `localhost`, `::1` or an IPv4 address in 127.0.0.0/8.
    /// A name that merely starts with "127." (`127.0.0.1.example.com`) is somebody else's host.
    package static func isLoopback(_ host: String) -> Bool {
        let bare = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The URL as safe to store and print: no user info, no query string.
    package static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "(unparseable URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(unparseable URL)"
    }
}
