import HelpdeskAPI

/// One `ticket_events` row: something that changed between two fetches of a ticket.
///
/// The change is known to have happened after the previous fetch and by this one, not when:
/// `observed_at` is the fetch that saw it.
package struct TicketEvent: Sendable, Equatable {
    /// What changed; the raw values are what `ticket_events.field` holds.
    package enum Field: String, Sendable, CaseIterable {
        /// The first fetch of the ticket; `new_value` is its status then.
        case created
        case status
        case priority
        /// Moved to another department (`old_value`/`new_value` are department ids).
        case departmentID = "dept_id"
        /// Flagged to another admin (ids; 0 for none).
        case flag
        case subject
        /// Replies or notes were added and no field above changed.
        case activity
        /// The helpdesk answers "Ticket ID Not Found" for a ticket it returned before;
        /// `old_value` is the last status seen.
        case deleted
    }

    package var field: Field
    package var oldValue: String?
    package var newValue: String?
    /// Replies (after the opening message) added since the previous fetch; carried by the
    /// first row of an observation only, so `sum(replies_added)` counts each reply once.
    package var repliesAdded: Int
    /// Notes added since the previous fetch; on the first row only, like `repliesAdded`.
    package var notesAdded: Int

    package init(field: Field, oldValue: String?, newValue: String?, repliesAdded: Int = 0, notesAdded: Int = 0) {
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
        self.repliesAdded = repliesAdded
        self.notesAdded = notesAdded
    }
}

/// The part of a ticket whose changes history records.
package struct ObservedState: Sendable, Equatable {
    package var status: String
    package var priority: String
    package var departmentID: Int
    package var flag: Int
    package var subject: String
    /// Replies after the opening message.
    package var replies: Int
    package var notes: Int

    package init(
        status: String, priority: String, departmentID: Int, flag: Int, subject: String, replies: Int, notes: Int
    ) {
        self.status = status
        self.priority = priority
        self.departmentID = departmentID
        self.flag = flag
        self.subject = subject
        self.replies = replies
        self.notes = notes
    }

    package init(_ ticket: Ticket) {
        self.init(
            status: ticket.status, priority: ticket.priority, departmentID: ticket.departmentID, flag: ticket.flag,
            subject: ticket.subject, replies: ticket.replies.count { !$0.isOpeningMessage },
            notes: ticket.notes.count)
    }
}

/// The events between a ticket's stored version and a newly fetched one.
package struct TicketChange: Sendable, Equatable {
    /// The rows to write, in a fixed field order; empty when nothing changed.
    package let events: [TicketEvent]

    /// - Parameter before: the stored version, nil when the ticket is new to the store.
    package init(before: ObservedState?, after: ObservedState) {
        guard let before else {
            events = [
                TicketEvent(
                    field: .created, oldValue: nil, newValue: after.status, repliesAdded: after.replies,
                    notesAdded: after.notes)
            ]
            return
        }
        var events: [TicketEvent] = []
        func compare(_ field: TicketEvent.Field, _ old: String, _ new: String) {
            if old != new { events.append(TicketEvent(field: field, oldValue: old, newValue: new)) }
        }
        compare(.status, before.status, after.status)
        compare(.priority, before.priority, after.priority)
        compare(.departmentID, String(before.departmentID), String(after.departmentID))
        compare(.flag, String(before.flag), String(after.flag))
        compare(.subject, before.subject, after.subject)
        let repliesAdded = after.replies - before.replies
        let notesAdded = after.notes - before.notes
        if repliesAdded != 0 || notesAdded != 0 {
            if events.isEmpty { events.append(TicketEvent(field: .activity, oldValue: nil, newValue: nil)) }
            events[0].repliesAdded = repliesAdded
            events[0].notesAdded = notesAdded
        }
        self.events = events
    }
}
