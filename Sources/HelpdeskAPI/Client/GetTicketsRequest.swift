/// One page of classic WHMCS's `GetTickets` listing: which tickets, from where, how many.
///
///     let query = TicketListQuery(status: TicketListQuery.allActive, start: 0, limit: 100)
package struct TicketListQuery: Sendable, Equatable {
    /// WHMCS's own filter for every status its admins set as active (all but Closed, by default).
    package static let allActive = "All Active Tickets"

    /// A status, `All Active Tickets` or `Awaiting Reply`; nil lists every ticket.
    package var status: String?
    /// The offset of the page's first ticket (`limitstart`).
    package var start: Int
    /// Tickets per page (`limitnum`).
    package var limit: Int

    package init(status: String? = nil, start: Int = 0, limit: Int = 100) {
        self.status = status
        self.start = start
        self.limit = limit
    }
}

/// The bytes of one `GetTickets` request. Classic WHMCS only: the bearer-token API the tool
/// also speaks has no listing, so there is no request to build for it.
package struct GetTicketsRequest: Sendable {
    package let headers: [(name: String, value: String)]
    package let body: [UInt8]

    /// Nil for credentials that cannot list (bearer).
    package init?(_ query: TicketListQuery, credentials: HelpdeskCredentials) {
        guard case .whmcs(let identifier, let secret, let accessKey) = credentials else { return nil }
        var fields = [
            ("limitstart", String(query.start)), ("limitnum", String(query.limit)),
            // Otherwise the API user sees only the departments it is a member of.
            ("ignore_dept_assignments", "1"),
        ]
        if let status = query.status { fields.append(("status", status)) }
        body = classicFormBody(
            action: "GetTickets", identifier: identifier, secret: secret, accessKey: accessKey, fields: fields)
        headers = classicFormHeaders
    }
}
