/// One ticket as the Get Ticket API returns it, decoded leniently into plain values.
///
/// Empty strings stay empty strings here; the store decides what becomes NULL. The client
/// access key `c` is deliberately absent: it is dropped while decoding and never reaches a
/// value that could be stored, logged or exported.
public struct Ticket: Sendable, Equatable {
    public var ticketID: Int
    /// The ticket number shown to end users (`tid`, the API page's `ticketnum`).
    public var ticketNumber: String
    public var departmentID: Int
    public var departmentName: String
    public var userID: Int
    public var contactID: Int
    /// The requester's name and email.
    public var name: String
    public var email: String
    public var cc: String
    /// `date`: when the ticket was opened; nil for `0000-00-00 00:00:00`.
    public var openedAt: LocalDateTime?
    public var subject: String
    public var status: String
    public var priority: String
    /// The admin who opened the ticket; empty when a customer opened it.
    public var admin: String
    public var lastReplyAt: LocalDateTime?
    /// The id of the admin the ticket is flagged to (0 for none).
    public var flag: Int
    public var service: String
    /// Replies in the order the API sent them (the opening message, `replyid` 0, included).
    public var replies: [Reply]
    public var notes: [Note]

    public init(
        ticketID: Int, ticketNumber: String = "", departmentID: Int = 0, departmentName: String = "",
        userID: Int = 0, contactID: Int = 0, name: String = "", email: String = "", cc: String = "",
        openedAt: LocalDateTime?, subject: String = "", status: String = "", priority: String = "",
        admin: String = "", lastReplyAt: LocalDateTime? = nil, flag: Int = 0, service: String = "",
        replies: [Reply] = [], notes: [Note] = []
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
    }

    /// True when an admin opened the ticket (its `admin` is not empty).
    public var isOpenedByAdmin: Bool { !admin.isEmpty }
}

/// One entry of `replies.reply`. The entry with `replyID` 0 is the opening message.
public struct Reply: Sendable, Equatable {
    public var replyID: Int
    public var userID: Int
    public var contactID: Int
    public var name: String
    public var email: String
    public var date: LocalDateTime?
    public var message: String
    public var attachment: String
    /// The admin who wrote the reply; empty for a customer's reply.
    public var admin: String
    /// 1–5, or nil when unrated (`"0"`) or absent.
    public var rating: Int?

    public init(
        replyID: Int, userID: Int = 0, contactID: Int = 0, name: String = "", email: String = "",
        date: LocalDateTime?, message: String = "", attachment: String = "", admin: String = "",
        rating: Int? = nil
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
    }

    /// The ticket's opening message is sent as a pseudo-reply with id 0.
    public var isOpeningMessage: Bool { replyID == 0 }
    /// A reply whose `admin` is non-empty.
    public var isAdmin: Bool { !admin.isEmpty }
}

/// An internal note: visible to staff only, never counted as a reply.
public struct Note: Sendable, Equatable {
    public var noteID: Int
    public var date: LocalDateTime?
    public var message: String
    public var admin: String

    public init(noteID: Int, date: LocalDateTime?, message: String = "", admin: String = "") {
        self.noteID = noteID
        self.date = date
        self.message = message
        self.admin = admin
    }
}
