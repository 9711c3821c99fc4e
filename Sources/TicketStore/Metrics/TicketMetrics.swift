import Config
import HelpdeskAPI

/// Figures derived from one ticket, exactly as DESIGN §5 defines them.
///
/// Computed in Swift at write time (one pass over the replies) and stored in
/// `ticket_metrics` / `reply_waits`, so reports read plain columns.
package struct TicketMetrics: Sendable, Equatable {
    /// The earliest admin reply that is not the opening message.
    package var firstAdminReplyAt: LocalDateTime?
    package var lastAdminReplyAt: LocalDateTime?
    /// The first response, for customer-opened tickets only (same as the first admin reply).
    package var firstResponseAt: LocalDateTime?
    package var firstResponder: String?
    /// First response time in seconds, clamped at 0; nil when unanswered or admin-opened.
    package var firstResponseSeconds: Int64?
    package var firstResponseBusinessSeconds: Int64?
    /// Replies by side, the opening message excluded.
    package var customerReplies: Int
    package var adminReplies: Int
    package var notes: Int
    package var ratedReplies: Int
    package var ratingSum: Int
    /// Next-reply waits in date order (DESIGN §5); the first of a customer-opened ticket is its
    /// FRT, clock skew included (an admin reply stamped before the opening gives a wait of 0).
    package var waits: [Wait]
    /// Whether an admin replied at all (the opening message aside), dated or not: a ticket
    /// whose only admin reply is undated is answered, with its FRT unknown (nil).
    package var answered: Bool
    /// Replies (the opening message aside) without a usable date (`0000-00-00 00:00:00`).
    package var undatedReplies: Int
    /// Replies (the opening message aside) dated before the ticket was opened: clock skew.
    package var skewedReplies: Int

    /// One customer wait: from the first message of a run of customer messages to the admin reply that ends it.
    package struct Wait: Sendable, Equatable {
        package var customerAt: LocalDateTime
        package var adminAt: LocalDateTime
        package var admin: String
        package var seconds: Int64
    }

    /// Replies in date order, whatever `repliessort` was: ties put the opening message
    /// first, then lower reply ids; undated replies go last.
    package static func chronological(_ replies: [Reply]) -> [Reply] {
        replies.enumerated().sorted { lhs, rhs in
            let l = (lhs.element.date?.secondsSinceEpoch ?? .max, lhs.element.isOpeningMessage ? 0 : 1)
            let r = (rhs.element.date?.secondsSinceEpoch ?? .max, rhs.element.isOpeningMessage ? 0 : 1)
            if l != r { return l < r }
            if lhs.element.replyID != rhs.element.replyID { return lhs.element.replyID < rhs.element.replyID }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Computes the metrics of a ticket whose replies are already in date order.
    package init(ticket: Ticket, orderedReplies replies: [Reply], calendar: BusinessCalendar) {
        var firstAdmin: Reply?
        var lastAdminAt: LocalDateTime?
        var customerReplies = 0
        var adminReplies = 0
        var rated = 0
        var ratingSum = 0
        var waits: [Wait] = []
        var undated = 0
        var skewed = 0
        // A customer's ticket is waiting from the moment it is opened, whatever the reply
        // dates say: so the first wait is the FRT even when a skewed admin reply sorts first.
        let opening = replies.first(where: \.isOpeningMessage)
        var runStart: LocalDateTime? =
            ticket.isOpenedByAdmin || opening.map({ Self.isAdminSide($0, of: ticket) }) == true
            ? nil : ticket.openedAt ?? opening?.date

        for reply in replies {
            if reply.isOpeningMessage { continue }
            let byAdmin = Self.isAdminSide(reply, of: ticket)
            if let date = reply.date {
                if let opened = ticket.openedAt, date < opened { skewed += 1 }
            } else {
                undated += 1
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
        self.answered = adminReplies > 0
        self.undatedReplies = undated
        self.skewedReplies = skewed
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
    package static func isAdminSide(_ reply: Reply, of ticket: Ticket) -> Bool {
        if reply.isOpeningMessage { return ticket.isOpenedByAdmin || reply.isAdmin }
        return reply.isAdmin
    }
}
