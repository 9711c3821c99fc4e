/// The top level of a Get Ticket response: `result`, `message`, and the ticket's fields.
struct GetTicketEnvelope {
    let result: String
    let message: String
    let ticket: Ticket?

    /// Reads a parsed response leniently; nil when it is not a JSON object at all.
    init?(_ json: JSONValue) {
        guard case .object(let top) = json else { return nil }
        let fields = Fields(top)
        result = fields.string("result")
        message = fields.string("message")
        guard result.lowercased() == "success", let ticketID = fields.int("ticketid") else {
            ticket = nil
            return
        }
        // `c`, the client access key, is never read: it must not reach any value.
        let tid = fields.string("tid")
        ticket = Ticket(
            ticketID: ticketID,
            ticketNumber: tid.isEmpty ? fields.string("ticketnum") : tid,
            departmentID: fields.int("deptid") ?? 0,
            departmentName: fields.string("deptname"),
            userID: fields.int("userid") ?? 0,
            contactID: fields.int("contactid") ?? 0,
            name: fields.string("name"),
            email: fields.string("email"),
            cc: fields.string("cc"),
            openedAt: fields.date("date"),
            subject: fields.string("subject"),
            status: fields.string("status"),
            priority: fields.string("priority"),
            admin: fields.string("admin"),
            lastReplyAt: fields.date("lastreply"),
            flag: fields.int("flag") ?? 0,
            service: fields.string("service"),
            replies: Self.list(top["replies"], wrapper: "reply").map(Self.reply),
            notes: Self.list(top["notes"], wrapper: "note").map(Self.note))
    }

    /// A list the API may send as `{"reply": [...]}`, `{"reply": {...}}`, `{"reply": {"0": …}}`,
    /// `[...]`, `[]`, `""`, null or nothing; entries that are not objects are skipped.
    static func list(_ value: JSONValue?, wrapper: String) -> [Fields] {
        func objects(_ value: JSONValue?) -> [Fields] {
            switch value {
            case .array(let elements)?:
                return elements.compactMap { element in
                    if case .object(let members) = element { return Fields(members) }
                    return nil
                }
            case .object(let members)? where members.keys.allSatisfy({ Int($0) != nil }) && !members.isEmpty:
                // PHP arrays with non-sequential keys arrive as objects: {"0": {...}, "1": {...}}.
                return objects(.array(members.sorted { Int($0.key)! < Int($1.key)! }.map(\.value)))
            case .object(let members)?:
                return [Fields(members)]
            default:
                return []
            }
        }
        switch value {
        case .object(let members)?:
            return members[wrapper].map { objects($0) } ?? []
        case .array?:
            return objects(value)
        default:
            return []
        }
    }

    static func reply(_ fields: Fields) -> Reply {
        let rating = fields.int("rating") ?? 0
        return Reply(
            replyID: fields.int("replyid") ?? 0,
            userID: fields.int("userid") ?? 0,
            contactID: fields.int("contactid") ?? 0,
            name: fields.string("name"),
            email: fields.string("email"),
            date: fields.date("date"),
            message: fields.string("message"),
            attachment: fields.string("attachment"),
            admin: fields.string("admin"),
            rating: (1...5).contains(rating) ? rating : nil)
    }

    static func note(_ fields: Fields) -> Note {
        Note(
            noteID: fields.int("noteid") ?? fields.int("id") ?? 0,
            date: fields.date("date"),
            message: fields.string("message"),
            admin: fields.string("admin"))
    }

    /// Lenient field access: numbers or strings, absent or null as empty.
    struct Fields {
        let members: [String: JSONValue]
        init(_ members: [String: JSONValue]) { self.members = members }

        func string(_ key: String) -> String { members[key]?.text ?? "" }
        func int(_ key: String) -> Int? { members[key]?.integer }
        func date(_ key: String) -> LocalDateTime? { LocalDateTime(parsing: string(key).trimmingSpaces()) }
    }
}
