import HelpdeskAPI

/// Encodes one page of a WHMCS 8 `GetTickets` answer.
///
/// `{"result":"success","totalresults":N,"startnumber":S,"numreturned":n,"tickets":{"ticket":[…]}}`;
/// the `tickets` key is absent when the page is empty, as WHMCS does. Each item carries the
/// ticket-level members of Get Ticket (its access key `c` included) plus the WHMCS 8 owner,
/// requestor and attachment members, written in the ticket's own quirks style (numbers as
/// strings unless the ticket's responses send numbers).
enum TicketListJSON {
    struct Item {
        var ticket: Ticket
        var accessKey: String
        var quirks: ResponseQuirks
    }

    static func encode(totalResults: Int, startNumber: Int, items: [Item]) -> [UInt8] {
        var writer = JSONBodyWriter(capacity: 256 + items.count * 1_024)
        writer.raw("{\"result\":\"success\",\"totalresults\":")
        writer.integer(totalResults, asString: false)
        writer.raw(",\"startnumber\":")
        writer.integer(startNumber, asString: false)
        writer.raw(",\"numreturned\":")
        writer.integer(items.count, asString: false)
        if !items.isEmpty {
            writer.raw(",\"tickets\":{\"ticket\":[")
            for (index, item) in items.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                encode(item, into: &writer)
            }
            writer.raw("]}")
        }
        writer.byte(UInt8(ascii: "}"))
        return writer.bytes
    }

    private static func encode(_ item: Item, into writer: inout JSONBodyWriter) {
        let ticket = item.ticket
        let style = JSONMemberStyle(item.quirks)
        // The ticket row's `attachment` is its opening message's.
        let attachment = ticket.replies.first(where: \.isOpeningMessage)?.attachment ?? ""

        writer.byte(UInt8(ascii: "{"))
        writer.member("id", ticket.ticketID, style, first: true)
        writer.member("ticketid", ticket.ticketID, style)
        writer.member("tid", ticket.ticketNumber, style)
        writer.member("c", item.accessKey, style)
        writer.member("deptid", ticket.departmentID, style)
        writer.member("deptname", ticket.departmentName, style)
        writer.member("userid", ticket.userID, style)
        writer.member("contactid", ticket.contactID, style)
        writer.member("name", ticket.name, style)
        writer.member("owner_name", ticket.name, style)
        writer.member("email", ticket.email, style)
        writer.member("requestor_name", ticket.name, style)
        writer.member("requestor_email", ticket.email, style)
        writer.member("requestor_type", ticket.contactID == 0 ? "Owner" : "Sub-account", style)
        writer.member("cc", ticket.cc, style)
        writer.member("date", ticket.openedAt, style)
        writer.member("subject", ticket.subject, style)
        writer.member("status", ticket.status, style)
        writer.member("priority", ticket.priority, style)
        writer.member("admin", ticket.admin, style)
        writer.member("attachment", attachment, style)
        writer.raw(",\"attachments\":[")
        if !attachment.isEmpty {
            // Stored names carry a `123456_` prefix that WHMCS strips for `filename`.
            let name = attachment.split(separator: "_", maxSplits: 1).last.map(String.init) ?? attachment
            writer.raw("{\"filename\":")
            writer.string(name, escapeNonASCII: style.escapeNonASCII)
            writer.raw(",\"index\":0}")
        }
        writer.raw("],\"attachments_removed\":false")
        writer.member("lastreply", ticket.lastReplyAt, style)
        writer.member("flag", ticket.flag, style)
        writer.member("service", ticket.service, style)
        writer.byte(UInt8(ascii: "}"))
    }
}
