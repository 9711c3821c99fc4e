import HelpdeskAPI

/// Encodes tickets and errors exactly as WHMCS's Get Ticket sends them.
///
/// Every number is a string (`"ticketid": "1"`), replies are `{"reply": [...]}`, notes
/// `{"note": [...]}`, dates `Y-m-d H:i:s` with `0000-00-00 00:00:00` for none, `rating`
/// ("0"…"5") on every reply except the opening message, `/` escaped as `\/`. For example:
///
///     let body = TicketJSON.encode(ticket, accessKey: "KPqH7yG3", repliesSort: .descending)
package enum TicketJSON {
    /// The JSON of a successful Get Ticket response; `accessKey` is sent as `c` when given.
    package static func encode(
        _ ticket: Ticket, accessKey: String? = nil, repliesSort: RepliesSort = .ascending
    ) -> [UInt8] {
        encode(ticket, accessKey: accessKey, repliesSort: repliesSort, quirks: [], invalidUTF8InSubject: false)
    }

    /// The JSON of an error response: `{"result":"error","message":"…"}`.
    package static func error(_ message: String) -> [UInt8] {
        var writer = JSONBodyWriter(capacity: 64)
        writer.raw("{\"result\":\"error\",\"message\":")
        writer.string(message)
        writer.byte(UInt8(ascii: "}"))
        return writer.bytes
    }

    static func encode(
        _ ticket: Ticket, accessKey: String?, repliesSort: RepliesSort, quirks: ResponseQuirks,
        invalidUTF8InSubject: Bool
    ) -> [UInt8] {
        let numbersAsStrings = !quirks.contains(.numbersAsNumbers)
        let escapeNonASCII = quirks.contains(.unicodeEscapes)
        var writer = JSONBodyWriter(capacity: 1_024 + ticket.replies.count * 512)

        func field(_ key: StaticString, _ value: String, first: Bool = false) {
            if !first { writer.byte(UInt8(ascii: ",")) }
            writer.key(key)
            writer.string(value, escapeNonASCII: escapeNonASCII)
        }
        func field(_ key: StaticString, _ value: Int, first: Bool = false) {
            if !first { writer.byte(UInt8(ascii: ",")) }
            writer.key(key)
            writer.integer(value, asString: numbersAsStrings)
        }
        func field(_ key: StaticString, _ value: LocalDateTime?) {
            field(key, value?.description ?? "0000-00-00 00:00:00")
        }

        writer.raw("{\"result\":\"success\"")
        field("ticketid", ticket.ticketID)
        field("tid", ticket.ticketNumber)
        if let accessKey { field("c", accessKey) }
        field("deptid", ticket.departmentID)
        field("deptname", ticket.departmentName)
        field("userid", ticket.userID)
        field("contactid", ticket.contactID)
        field("name", ticket.name)
        field("email", ticket.email)
        field("cc", ticket.cc)
        field("date", ticket.openedAt)
        writer.raw(",")
        writer.key("subject")
        writer.string(
            ticket.subject, escapeNonASCII: escapeNonASCII,
            trailingRawBytes: invalidUTF8InSubject ? [0xFF, 0xFE] : [])
        field("status", ticket.status)
        field("priority", ticket.priority)
        field("admin", ticket.admin)
        field("lastreply", ticket.lastReplyAt)
        field("flag", ticket.flag)
        field("service", ticket.service)

        let replies: [Reply] = repliesSort == .ascending ? ticket.replies : ticket.replies.reversed()
        if replies.isEmpty && quirks.contains(.repliesAbsent) {
            // No key at all.
        } else if replies.isEmpty && quirks.contains(.emptyRepliesString) {
            writer.raw(",\"replies\":\"\"")
        } else if replies.isEmpty && quirks.contains(.emptyRepliesArray) {
            writer.raw(",\"replies\":[]")
        } else {
            writer.raw(",\"replies\":{\"reply\":")
            let asObject = replies.count == 1 && quirks.contains(.singleReplyObject)
            if !asObject { writer.byte(UInt8(ascii: "[")) }
            for (index, reply) in replies.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.byte(UInt8(ascii: "{"))
                field("replyid", reply.replyID, first: true)
                field("userid", reply.userID)
                field("contactid", reply.contactID)
                field("name", reply.name)
                field("email", reply.email)
                field("date", reply.date)
                field("message", reply.message)
                field("attachment", reply.attachment)
                field("admin", reply.admin)
                if !reply.isOpeningMessage && !(reply.rating == nil && quirks.contains(.missingRatings)) {
                    field("rating", reply.rating ?? 0)
                }
                writer.byte(UInt8(ascii: "}"))
            }
            if !asObject { writer.byte(UInt8(ascii: "]")) }
            writer.byte(UInt8(ascii: "}"))
        }

        if ticket.notes.isEmpty && quirks.contains(.emptyNotesArray) {
            writer.raw(",\"notes\":[]")
        } else {
            writer.raw(",\"notes\":{\"note\":[")
            for (index, note) in ticket.notes.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.byte(UInt8(ascii: "{"))
                field("noteid", note.noteID, first: true)
                field("date", note.date)
                field("message", note.message)
                field("admin", note.admin)
                writer.byte(UInt8(ascii: "}"))
            }
            writer.raw("]}")
        }
        writer.byte(UInt8(ascii: "}"))
        return writer.bytes
    }
}
