/// How the client proves who it is; the two auth styles real helpdesks accept.
///
/// `description` never reveals the secret parts, so a credential can be logged by accident
/// without leaking.
package enum HelpdeskCredentials: Sendable, CustomStringConvertible {
    /// The API page's style: `Authorization: Bearer <token>`, body `multipart/form-data`.
    case bearer(token: String)
    /// Classic WHMCS: `identifier` + `secret` in an `application/x-www-form-urlencoded` body,
    /// plus the API `accesskey` when the helpdesk requires one for addresses not on its IP
    /// allow-list.
    case whmcs(identifier: String, secret: String, accessKey: String? = nil)

    /// The auth style's name as the command line spells it.
    package var styleName: String {
        switch self {
        case .bearer: return "bearer"
        case .whmcs: return "whmcs"
        }
    }

    package var description: String { "\(styleName) credentials (hidden)" }

    /// Every secret value, so callers can check outputs never contain them.
    package var secretValues: [String] {
        switch self {
        case .bearer(let token): return [token]
        case .whmcs(_, let secret, let accessKey): return [secret] + (accessKey.map { [$0] } ?? [])
        }
    }
}

/// Which ticket to fetch: by internal id (`ticketid`) or by the number users see (`ticketnum`).
package enum TicketLookup: Sendable, Hashable, CustomStringConvertible {
    case id(Int)
    case number(String)

    package var description: String {
        switch self {
        case .id(let id): return "ticket \(id)"
        case .number(let number): return "ticket #\(number)"
        }
    }
}

/// The order in which the API lists replies (`repliessort`).
package enum RepliesSort: String, Sendable, CaseIterable {
    case ascending = "ASC"
    case descending = "DESC"
}
