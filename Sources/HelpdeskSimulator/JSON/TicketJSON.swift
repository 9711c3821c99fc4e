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
        let style = JSONMemberStyle(quirks)
        var writer = JSONBodyWriter(capacity: 1_024 + ticket.replies.count * 512)

        writer.raw("{\"result\":\"success\"")
        writer.member("ticketid", ticket.ticketID, style)
        writer.member("tid", ticket.ticketNumber, style)
        if let accessKey { writer.member("c", accessKey, style) }
        writer.member("deptid", ticket.departmentID, style)
        writer.member("deptname", ticket.departmentName, style)
        writer.member("userid", ticket.userID, style)
        writer.member("contactid", ticket.contactID, style)
        writer.member("name", ticket.name, style)
        writer.member("email", ticket.email, style)
        writer.member("cc", ticket.cc, style)
        writer.member("date", ticket.openedAt, style)
        writer.raw(",")
        writer.key("subject")
        writer.string(
            ticket.subject, escapeNonASCII: style.escapeNonASCII,
            trailingRawBytes: invalidUTF8InSubject ? [0xFF, 0xFE] : [])
        writer.member("status", ticket.status, style)
        writer.member("priority", ticket.priority, style)
        writer.member("admin", ticket.admin, style)
        writer.member("lastreply", ticket.lastReplyAt, style)
        writer.member("flag", ticket.flag, style)
        writer.member("service", ticket.service, style)

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
                writer.member("replyid", reply.replyID, style, first: true)
                writer.member("userid", reply.userID, style)
                writer.member("contactid", reply.contactID, style)
                writer.member("name", reply.name, style)
                writer.member("email", reply.email, style)
                writer.member("date", reply.date, style)
                writer.member("message", reply.message, style)
                writer.member("attachment", reply.attachment, style)
                writer.member("admin", reply.admin, style)
                if !reply.isOpeningMessage && !(reply.rating == nil && quirks.contains(.missingRatings)) {
                    writer.member("rating", reply.rating ?? 0, style)
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
                writer.member("noteid", note.noteID, style, first: true)
                writer.member("date", note.date, style)
                writer.member("message", note.message, style)
                writer.member("admin", note.admin, style)
                writer.byte(UInt8(ascii: "}"))
            }
            writer.raw("]}")
        }
        writer.byte(UInt8(ascii: "}"))
        return writer.bytes
    }
}
