/// Why a Get Ticket call did not produce a ticket (a missing ticket is not an error).
///
/// The kind decides what the caller does: retry (`throttled`, `transient`, `unreachable`),
/// give up on this id (`permanent`), or stop everything (`authenticationFailed`,
/// `notAnEndpoint`). Messages never contain the token, the secret or a ticket's access key.
package struct HelpdeskError: Error, Sendable, CustomStringConvertible, Equatable {
    package enum Kind: Sendable, Equatable {
        /// The helpdesk refused the caller (401/403, or an authentication or access message on
        /// any status). Stop the run: every other id would be refused the same way.
        case authenticationFailed(Refusal)
        /// The URL answers, but not as a Get Ticket endpoint: "Command Not Found", an HTML
        /// page, XML, or JSON that is not a ticket. Stop the run.
        case notAnEndpoint
        /// 429, or 503 with `Retry-After`. Wait at least `retryAfter` seconds, then retry.
        case throttled(retryAfter: Double?)
        /// 5xx, a timeout, a reset connection, a truncated body. Retry with backoff.
        case transient
        /// The host could not be reached at all (refused, DNS). Retry; fatal when it persists.
        case unreachable
        /// Any other refusal of this one request (another 4xx, a redirect, an unknown error
        /// message). Do not retry this id.
        case permanent
    }

    /// What exactly the helpdesk refused, which decides what the user has to change.
    package enum Refusal: String, Sendable, Equatable, CaseIterable {
        /// "Authentication Failed", "Invalid or missing credentials", or a bare 401/403.
        case credentials
        /// "Invalid IP 203.0.113.7": this machine is not on the API IP allow-list.
        case ipNotAllowed
        /// "IP Banned": too many failed logins from this address.
        case ipBanned
        /// "Invalid Access Key": the `accesskey` sent does not match the helpdesk's.
        case accessKey
        /// "Invalid Permissions: API action "getticket" is not allowed": the API role lacks GetTicket.
        case permissions
        /// "Access Denied", or a 401/403 page that says nothing more.
        case accessDenied
    }

    package var kind: Kind
    /// The HTTP status, when a response arrived.
    package var httpStatus: Int?
    package var message: String

    package init(_ kind: Kind, httpStatus: Int? = nil, message: String) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.message = message
    }

    /// Whether trying the same request again may succeed.
    package var isRetryable: Bool {
        switch kind {
        case .throttled, .transient, .unreachable: return true
        case .authenticationFailed, .notAnEndpoint, .permanent: return false
        }
    }

    /// Whether the whole run must stop: no other id can succeed either.
    package var stopsTheRun: Bool {
        switch kind {
        case .authenticationFailed, .notAnEndpoint: return true
        case .throttled, .transient, .unreachable, .permanent: return false
        }
    }

    package var description: String {
        if let httpStatus { return "HTTP \(httpStatus): \(message)" }
        return message
    }
}

extension HelpdeskError.Refusal {
    /// What was refused and what to change, after the helpdesk's own words (`answer`);
    /// `credentials` names where this run's credentials came from.
    ///
    ///     Refusal.ipNotAllowed.explanation(answer: "\"Invalid IP 127.0.0.1\"", credentials: "TICKETREPORT_TOKEN")
    ///     // the helpdesk refused this machine's IP address (it answered "Invalid IP 127.0.0.1"): add that
    ///     // address to the API IP allow-list (WHMCS: Setup > …), or set an API access key in TICKETREPORT_ACCESS_KEY
    package func explanation(answer: String, credentials: String) -> String {
        switch self {
        case .credentials:
            return "the helpdesk refused the credentials (it answered \(answer)); check \(credentials)"
        case .ipNotAllowed:
            return
                "the helpdesk refused this machine's IP address (it answered \(answer)): add that address to the API IP allow-list (WHMCS: Setup > General Settings > Security > API IP Access Restriction), or set an API access key in TICKETREPORT_ACCESS_KEY"
        case .ipBanned:
            return
                "the helpdesk has banned this machine's IP address (it answered \(answer)), usually after failed logins: lift the ban in its admin area (WHMCS: Utilities > Security > Banned IPs) and check \(credentials)"
        case .accessKey:
            return
                "the helpdesk refused the API access key (it answered \(answer)): check TICKETREPORT_ACCESS_KEY against $api_access_key in WHMCS's configuration.php"
        case .permissions:
            return
                "the API credentials may not read tickets (it answered \(answer)): allow GetTicket in the credential's API role (WHMCS: Setup > Staff Management > Manage API Credentials)"
        case .accessDenied:
            return
                "the helpdesk denied access (it answered \(answer)): check \(credentials) and that this admin may use the API"
        }
    }
}
