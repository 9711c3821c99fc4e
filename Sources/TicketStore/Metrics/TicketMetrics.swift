import HelpdeskAPI

/// Figures derived from one ticket, exactly as DESIGN §5 defines them.
///
/// Computed in Swift at write time (one pass over the replies) and stored in
/// `ticket_metrics` / `reply_waits`, so reports read plain columns.
public struct TicketMetrics: Sendable, Equatable {
    /// The earliest admin reply that is not the opening message.
    public var firstAdminReplyAt: LocalDateTime?
    public var lastAdminReplyAt: LocalDateTime?
    /// The first response, for customer-opened tickets only (same as the first admin reply).
    public var firstResponseAt: LocalDateTime?
    public var firstResponder: String?
    /// First response time in seconds, clamped at 0; nil when unanswered or admin-opened.
    public var firstResponseSeconds: Int64?
    public var firstResponseBusinessSeconds: Int64?
    /// Replies by side, the opening message excluded.
    public var customerReplies: Int
    public var adminReplies: Int
    public var notes: Int
    public var ratedReplies: Int
    public var ratingSum: Int
    /// Next-reply waits in date order (DESIGN §5); the first of a customer-opened ticket is its
    /// FRT, unless clock skew put the first admin reply before the opening message (FRT 0, no wait).
    public var waits: [Wait]

    /// One customer wait: from the first message of a run of customer messages to the admin reply that ends it.
    public struct Wait: Sendable, Equatable {
        public var customerAt: LocalDateTime
        public var adminAt: LocalDateTime
        public var admin: String
        public var seconds: Int64
    }

    /// Replies in date order, whatever `repliessort` was: ties put the opening message
    /// first, then lower reply ids; undated replies go last.
    public static func chronological(_ replies: [Reply]) -> [Reply] {
        replies.enumerated().sorted { lhs, rhs in
            let l = (lhs.element.date?.secondsSinceEpoch ?? .max, lhs.element.isOpeningMessage ? 0 : 1)
            let r = (rhs.element.date?.secondsSinceEpoch ?? .max, rhs.element.isOpeningMessage ? 0 : 1)
            if l != r { return l < r }
            if lhs.element.replyID != rhs.element.replyID { return lhs.element.replyID < rhs.element.replyID }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Computes the metrics of a ticket whose replies are already in date order.
    public init(ticket: Ticket, orderedReplies replies: [Reply], calendar: BusinessCalendar) {
        var firstAdmin: Reply?
        var lastAdminAt: LocalDateTime?
        var customerReplies = 0
        var adminReplies = 0
        var rated = 0
        var ratingSum = 0
        var waits: [Wait] = []
        var runStart: LocalDateTime?

        for reply in replies {
            let byAdmin = Self.isAdminSide(reply, of: ticket)
            if reply.isOpeningMessage {
                if !byAdmin { runStart = reply.date ?? ticket.openedAt }
                continue
            }
            if byAdmin {
                adminReplies += 1
                if firstAdmin == nil { firstAdmin = reply }
                if let date = reply.date { lastAdminAt = max(lastAdminAt ?? date, date) }
                if let rating = reply.rating {
                    rated += 1
                    ratingSum += rating
                }
                if let start = runStart, let end = reply.date {
                    waits.append(
                        Wait(
                            customerAt: start, adminAt: end, admin: reply.admin,
                            seconds: max(0, end.secondsSinceEpoch - start.secondsSinceEpoch)))
                }
                runStart = nil
            } else {
                customerReplies += 1
                if runStart == nil { runStart = reply.date }
            }
        }

        self.firstAdminReplyAt = firstAdmin?.date
        self.lastAdminReplyAt = lastAdminAt
        self.customerReplies = customerReplies
        self.adminReplies = adminReplies
        self.notes = ticket.notes.count
        self.ratedReplies = rated
        self.ratingSum = ratingSum
        // Admin-opened tickets have waits too: runs of customer messages after the admin's
        // opening message. Only customer-opened tickets have a first response.
        self.waits = waits
        if !ticket.isOpenedByAdmin, let first = firstAdmin, let answeredAt = first.date, let opened = ticket.openedAt {
            self.firstResponseAt = answeredAt
            self.firstResponder = first.admin
            self.firstResponseSeconds = max(0, answeredAt.secondsSinceEpoch - opened.secondsSinceEpoch)
            self.firstResponseBusinessSeconds = calendar.businessSeconds(from: opened, to: answeredAt)
        } else {
            self.firstResponseAt = nil
            self.firstResponder = nil
            self.firstResponseSeconds = nil
            self.firstResponseBusinessSeconds = nil
        }
    }

    /// Whose side a message is on: an admin reply has a non-empty `admin`; the opening
    /// message of an admin-opened ticket is the admin's even when its own field is empty.
    public static func isAdminSide(_ reply: Reply, of ticket: Ticket) -> Bool {
        if reply.isOpeningMessage { return ticket.isOpenedByAdmin || reply.isAdmin }
        return reply.isAdmin
    }
}
