/// One ticket as `GetTickets` lists it: the fields a sync compares with the store to decide
/// whether the ticket changed (no replies, no notes; the access key `c` is never read).
package struct ListedTicket: Sendable, Equatable {
    package var ticketID: Int
    package var status: String
    package var priority: String
    package var departmentID: Int
    package var flag: Int
    package var lastReplyAt: LocalDateTime?

    package init(
        ticketID: Int, status: String, priority: String, departmentID: Int, flag: Int, lastReplyAt: LocalDateTime?
    ) {
        self.ticketID = ticketID
        self.status = status
        self.priority = priority
        self.departmentID = departmentID
        self.flag = flag
        self.lastReplyAt = lastReplyAt
    }
}

/// One page of a `GetTickets` listing.
package struct TicketListPage: Sendable, Equatable {
    /// How many tickets match in all (`totalresults`).
    package var totalResults: Int
    /// The tickets of this page, newest last reply first.
    package var tickets: [ListedTicket]

    package init(totalResults: Int, tickets: [ListedTicket]) {
        self.totalResults = totalResults
        self.tickets = tickets
    }
}
