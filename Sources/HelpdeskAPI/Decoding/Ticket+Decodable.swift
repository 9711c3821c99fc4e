/// A key that matches any JSON member name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The top level of a Get Ticket response: `result`, `message`, and the ticket's fields.
struct GetTicketEnvelope: Decodable {
    let result: String
    let message: String
    let ticket: Ticket?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        result = container.string(AnyKey("result"))
        message = container.string(AnyKey("message"))
        guard result.lowercased() == "success", let ticketID = container.int(AnyKey("ticketid")) else {
            ticket = nil
            return
        }
        // `c`, the client access key, is never read: it must not reach any value.
        ticket = Ticket(
            ticketID: ticketID,
            ticketNumber: container.string(AnyKey("tid")).isEmpty
                ? container.string(AnyKey("ticketnum")) : container.string(AnyKey("tid")),
            departmentID: container.int(AnyKey("deptid")) ?? 0,
            departmentName: container.string(AnyKey("deptname")),
            userID: container.int(AnyKey("userid")) ?? 0,
            contactID: container.int(AnyKey("contactid")) ?? 0,
            name: container.string(AnyKey("name")),
            email: container.string(AnyKey("email")),
            cc: container.string(AnyKey("cc")),
            openedAt: container.date(AnyKey("date")),
            subject: container.string(AnyKey("subject")),
            status: container.string(AnyKey("status")),
            priority: container.string(AnyKey("priority")),
            admin: container.string(AnyKey("admin")),
            lastReplyAt: container.date(AnyKey("lastreply")),
            flag: container.int(AnyKey("flag")) ?? 0,
            service: container.string(AnyKey("service")),
            replies: (try? container.decodeIfPresent(ListOrOne<ReplyEntry>.self, forKey: AnyKey("replies")))?
                .map { $0.items.map(\.reply) } ?? [],
            notes: (try? container.decodeIfPresent(ListOrOne<NoteEntry>.self, forKey: AnyKey("notes")))?
                .map { $0.items.map(\.note) } ?? [])
    }
}

/// Marks the wrapper key a list travels under (`{"reply": [...]}`, `{"note": [...]}`).
protocol WrappedListElement: Decodable {
    static var wrapperKey: String { get }
}

/// A list the API may send as `{"reply": [...]}`, `{"reply": {...}}`, `[...]`, `[]`, `""` or nothing.
struct ListOrOne<Element: WrappedListElement>: Decodable {
    let items: [Element]

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            let key = AnyKey(Element.wrapperKey)
            if let list = try? keyed.decodeIfPresent([Lenient<Element>].self, forKey: key) {
                items = list.compactMap(\.value)
            } else if let single = try? keyed.decodeIfPresent(Element.self, forKey: key) {
                items = [single]
            } else if let list = try? keyed.decodeIfPresent([String: Lenient<Element>].self, forKey: key) {
                // PHP arrays with non-sequential keys arrive as objects: {"0": {...}, "1": {...}}.
                items = list.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.compactMap(\.value.value)
            } else {
                items = []
            }
        } else if let list = try? decoder.singleValueContainer().decode([Lenient<Element>].self) {
            items = list.compactMap(\.value)
        } else {
            items = []  // "" or null: none.
        }
    }
}

/// Decodes an element or nothing, so one malformed entry does not sink its whole list.
struct Lenient<Value: Decodable>: Decodable {
    let value: Value?
    init(from decoder: any Decoder) throws { value = try? Value(from: decoder) }
}

struct ReplyEntry: WrappedListElement {
    static var wrapperKey: String { "reply" }
    let reply: Reply

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let rating = container.int(AnyKey("rating")) ?? 0
        reply = Reply(
            replyID: container.int(AnyKey("replyid")) ?? 0,
            userID: container.int(AnyKey("userid")) ?? 0,
            contactID: container.int(AnyKey("contactid")) ?? 0,
            name: container.string(AnyKey("name")),
            email: container.string(AnyKey("email")),
            date: container.date(AnyKey("date")),
            message: container.string(AnyKey("message")),
            attachment: container.string(AnyKey("attachment")),
            admin: container.string(AnyKey("admin")),
            rating: (1...5).contains(rating) ? rating : nil)
    }
}

struct NoteEntry: WrappedListElement {
    static var wrapperKey: String { "note" }
    let note: Note

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        note = Note(
            noteID: container.int(AnyKey("noteid")) ?? container.int(AnyKey("id")) ?? 0,
            date: container.date(AnyKey("date")),
            message: container.string(AnyKey("message")),
            admin: container.string(AnyKey("admin")))
    }
}
