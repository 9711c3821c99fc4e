/// One ticket as the Get Ticket API returns it, decoded leniently into plain values.
///
/// Empty strings stay empty strings here; the store decides what becomes NULL. The client
/// access key `c` is deliberately absent: it is dropped while decoding and never reaches a
/// value that could be stored, logged or exported.
package struct Ticket: Sendable, Equatable {
    package var ticketID: Int
    /// The ticket number shown to end users (`tid`, the API page's `ticketnum`).
    package var ticketNumber: String
    package var departmentID: Int
    package var departmentName: String
    package var userID: Int
    package var contactID: Int
    /// `name` as sent: the requester's name up to WHMCS 7; since WHMCS 8 the ticket *owner's*
    /// label (the client account, or "Undefined" for a guest); ``requestor`` is the person.
    package var name: String
    /// The requester's email (WHMCS 8: `requestor_email`'s value; empty for admin-opened tickets).
    package var email: String
    package var cc: String
    /// `date`: when the ticket was opened; nil for `0000-00-00 00:00:00`.
    package var openedAt: LocalDateTime?
    package var subject: String
    package var status: String
    package var priority: String
    /// The admin who opened the ticket; empty when a customer opened it.
    package var admin: String
    package var lastReplyAt: LocalDateTime?
    /// The id of the admin the ticket is flagged to (0 for none).
    package var flag: Int
    package var service: String
    /// Replies in the order the API sent them (the opening message, `replyid` 0, included).
    package var replies: [Reply]
    package var notes: [Note]
    /// WHMCS 8 `owner_name`: the client account's label, "Undefined" for a guest; nil when absent.
    package var ownerName: String?
    /// WHMCS 8 `requestor_name`, `requestor_email`, `requestor_type` (Owner, Operator, Authorized
    /// User, Registered User, Sub-account, Guest): who actually wrote in; nil when absent.
    package var requestor: Requestor?
    /// True when the helpdesk sent replies without `replyid` (WHMCS before 7.x) and the ids were
    /// assigned by position instead (see ``GetTicketResponse``).
    package var replyIDsAssigned: Bool

    package init(
        ticketID: Int, ticketNumber: String = "", departmentID: Int = 0, departmentName: String = "",
        userID: Int = 0, contactID: Int = 0, name: String = "", email: String = "", cc: String = "",
        openedAt: LocalDateTime?, subject: String = "", status: String = "", priority: String = "",
        admin: String = "", lastReplyAt: LocalDateTime? = nil, flag: Int = 0, service: String = "",
        replies: [Reply] = [], notes: [Note] = [], ownerName: String? = nil, requestor: Requestor? = nil,
        replyIDsAssigned: Bool = false
    ) {
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.departmentID = departmentID
        self.departmentName = departmentName
        self.userID = userID
        self.contactID = contactID
        self.name = name
        self.email = email
        self.cc = cc
        self.openedAt = openedAt
        self.subject = subject
        self.status = status
        self.priority = priority
        self.admin = admin
        self.lastReplyAt = lastReplyAt
        self.flag = flag
        self.service = service
        self.replies = replies
        self.notes = notes
        self.ownerName = ownerName
        self.requestor = requestor
        self.replyIDsAssigned = replyIDsAssigned
    }

    /// True when an admin opened the ticket (its `admin` is not empty).
    package var isOpenedByAdmin: Bool { !admin.isEmpty }
}

/// One entry of `replies.reply`. The entry with `replyID` 0 is the opening message.
package struct Reply: Sendable, Equatable {
    package var replyID: Int
    package var userID: Int
    package var contactID: Int
    package var name: String
    package var email: String
    package var date: LocalDateTime?
    package var message: String
    package var attachment: String
    /// The admin who wrote the reply; empty for a customer's reply.
    package var admin: String
    /// 1–5, or nil when unrated (`"0"`) or absent.
    package var rating: Int?
    /// WHMCS 8 `requestor_*` of this message; nil when absent.
    package var requestor: Requestor?
    /// The attached files' names (never their contents); see ``Attachments``.
    package var attachments: Attachments

    package init(
        replyID: Int, userID: Int = 0, contactID: Int = 0, name: String = "", email: String = "",
        date: LocalDateTime?, message: String = "", attachment: String = "", admin: String = "",
        rating: Int? = nil, requestor: Requestor? = nil, attachments: Attachments = Attachments()
    ) {
        self.replyID = replyID
        self.userID = userID
        self.contactID = contactID
        self.name = name
        self.email = email
        self.date = date
        self.message = message
        self.attachment = attachment
        self.admin = admin
        self.rating = rating
        self.requestor = requestor
        self.attachments = attachments
    }

    /// The ticket's opening message is sent as a pseudo-reply with id 0.
    package var isOpeningMessage: Bool { replyID == 0 }
    /// A reply whose `admin` is non-empty.
    package var isAdmin: Bool { !admin.isEmpty }
}

/// An internal note: visible to staff only, never counted as a reply.
package struct Note: Sendable, Equatable {
    package var noteID: Int
    package var date: LocalDateTime?
    package var message: String
    package var admin: String
    package var attachments: Attachments

    package init(
        noteID: Int, date: LocalDateTime?, message: String = "", admin: String = "",
        attachments: Attachments = Attachments()
    ) {
        self.noteID = noteID
        self.date = date
        self.message = message
        self.admin = admin
        self.attachments = attachments
    }
}

/// Who wrote a ticket or a message, as WHMCS 8 reports it (`requestor_name`, `requestor_email`,
/// `requestor_type`). Absent members are nil; a present but empty one is "".
package struct Requestor: Sendable, Equatable {
    package var name: String?
    package var email: String?
    /// Owner, Operator (an admin), Authorized User, Registered User, Sub-account or Guest.
    package var type: String?

    package init(name: String? = nil, email: String? = nil, type: String? = nil) {
        self.name = name
        self.email = email
        self.type = type
    }
}

/// The files attached to a message: their names only, never their contents.
///
/// WHMCS sends `attachment` (stored names joined with `|`, each behind a 7-character
/// `123456_` prefix) and, since 7.10, `attachments` (`[{filename, index}]`, the prefix
/// removed; `[[]]` or `[]` for none) and `attachments_removed` (the files were deleted).
package struct Attachments: Sendable, Equatable {
    /// File names as a user would see them, in the helpdesk's order.
    package var names: [String]
    /// True when the helpdesk says the files were removed (`attachments_removed`).
    package var removed: Bool

    package init(names: [String] = [], removed: Bool = false) {
        self.names = names
        self.removed = removed
    }
}
