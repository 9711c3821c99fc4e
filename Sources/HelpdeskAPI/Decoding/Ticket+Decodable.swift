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
        var ticket = Ticket(
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
            notes: Self.list(top["notes"], wrapper: "note").map(Self.note),
            ownerName: fields.optionalString("owner_name"),
            requestor: fields.requestor)
        let entries = Self.list(top["replies"], wrapper: "reply")
        ticket.replies = entries.map(Self.reply)
        ticket.replyIDsAssigned = Self.assignMissingReplyIDs(
            &ticket.replies, hasID: entries.map { $0.int("replyid") != nil }, of: ticket)
        self.ticket = ticket
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
            rating: (1...5).contains(rating) ? rating : nil,
            requestor: fields.requestor,
            attachments: fields.attachments)
    }

    static func note(_ fields: Fields) -> Note {
        Note(
            noteID: fields.int("noteid") ?? fields.int("id") ?? 0,
            date: fields.date("date"),
            message: fields.string("message"),
            admin: fields.string("admin"),
            attachments: fields.attachments)
    }

    /// Gives every reply a reply id when some or all came without one; returns whether any did.
    ///
    /// WHMCS before 7.x sent no `replyid` at all. Its opening message is the entry dated the
    /// ticket's `date` and written by the ticket's requester (no admin on a customer's ticket,
    /// the opening admin on an admin's), sent first (or, in descending order, last): that entry
    /// becomes reply 0. The others are numbered 1, 2, … in date order, as WHMCS numbers
    /// replies. An entry without `replyid` in a list where the others have one is never the
    /// opening message; it is numbered after the highest id sent.
    static func assignMissingReplyIDs(_ replies: inout [Reply], hasID: [Bool], of ticket: Ticket) -> Bool {
        guard hasID.contains(false) else { return false }
        if hasID.contains(true) {
            var next = (zip(replies, hasID).filter(\.1).map(\.0.replyID).max() ?? 0) + 1
            for index in replies.indices where !hasID[index] {
                replies[index].replyID = next
                next += 1
            }
            return true
        }
        func isOpening(_ reply: Reply) -> Bool {
            let sameDate = ticket.openedAt == nil || reply.date == ticket.openedAt
            let byRequester =
                ticket.isOpenedByAdmin ? reply.admin == ticket.admin || reply.admin.isEmpty : !reply.isAdmin
            return sameDate && byRequester
        }
        let opening: Int? =
            replies.first.map(isOpening) == true
            ? 0 : (replies.count > 1 && isOpening(replies[replies.count - 1]) ? replies.count - 1 : nil)
        // Date order, ties in the order sent; undated entries last, as the store orders them.
        let order = replies.indices.filter { $0 != opening }.sorted { lhs, rhs in
            let l = replies[lhs].date?.secondsSinceEpoch ?? .max
            let r = replies[rhs].date?.secondsSinceEpoch ?? .max
            return l != r ? l < r : lhs < rhs
        }
        for (number, index) in order.enumerated() { replies[index].replyID = number + 1 }
        if let opening { replies[opening].replyID = 0 }
        return true
    }

    /// Lenient field access: numbers or strings, absent or null as empty.
    struct Fields {
        let members: [String: JSONValue]
        init(_ members: [String: JSONValue]) { self.members = members }

        func string(_ key: String) -> String { members[key]?.text ?? "" }
        func int(_ key: String) -> Int? { members[key]?.integer }
        func date(_ key: String) -> LocalDateTime? { LocalDateTime(parsing: string(key).trimmingSpaces()) }

        /// The member as text; nil when it is absent or null (a present "" stays "").
        func optionalString(_ key: String) -> String? {
            switch members[key] {
            case nil, .null?: return nil
            case let value?: return value.text
            }
        }

        /// `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`; anything else is false.
        func bool(_ key: String) -> Bool {
            switch members[key] {
            case .bool(let flag)?: return flag
            case let value?: return value.integer.map { $0 != 0 } ?? (value.text.lowercased() == "true")
            case nil: return false
            }
        }

        /// WHMCS 8's `requestor_*` members; nil when none is present.
        var requestor: Requestor? {
            let name = optionalString("requestor_name")
            let email = optionalString("requestor_email")
            let type = optionalString("requestor_type")
            guard name != nil || email != nil || type != nil else { return nil }
            return Requestor(name: name, email: email, type: type)
        }

        /// File names from `attachments` (`[{filename, index}]`; `[[]]` and `[]` are none), else
        /// from `attachment` (`123456_a.png|654321_b.pdf`, the 7-character prefix removed).
        var attachments: Attachments {
            var names: [String] = []
            if case .array(let elements)? = members["attachments"] {
                for case .object(let file) in elements {
                    let name = String((file["filename"]?.text ?? "").trimmingSpaces())
                    if !name.isEmpty { names.append(name) }
                }
            } else {
                for stored in string("attachment").split(separator: "|") {
                    let name = String(String(stored).trimmingSpaces())
                    guard !name.isEmpty else { continue }
                    names.append(Self.withoutStoragePrefix(name))
                }
            }
            return Attachments(names: names, removed: bool("attachments_removed"))
        }

        /// WHMCS stores `123456_name.png`; users know the file as `name.png`.
        static func withoutStoragePrefix(_ name: String) -> String {
            let bytes = Array(name.utf8)
            guard bytes.count > 7, bytes[6] == UInt8(ascii: "_"),
                bytes[0..<6].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return name }
            return String(decoding: bytes[7...], as: UTF8.self)
        }
    }
}
