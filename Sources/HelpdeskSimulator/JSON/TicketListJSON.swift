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
        let numbersAsStrings = !item.quirks.contains(.numbersAsNumbers)
        let escapeNonASCII = item.quirks.contains(.unicodeEscapes)
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
        // The ticket row's `attachment` is its opening message's.
        let attachment = ticket.replies.first(where: \.isOpeningMessage)?.attachment ?? ""

        writer.byte(UInt8(ascii: "{"))
        field("id", ticket.ticketID, first: true)
        field("ticketid", ticket.ticketID)
        field("tid", ticket.ticketNumber)
        field("c", item.accessKey)
        field("deptid", ticket.departmentID)
        field("deptname", ticket.departmentName)
        field("userid", ticket.userID)
        field("contactid", ticket.contactID)
        field("name", ticket.name)
        field("owner_name", ticket.name)
        field("email", ticket.email)
        field("requestor_name", ticket.name)
        field("requestor_email", ticket.email)
        field("requestor_type", ticket.contactID == 0 ? "Owner" : "Sub-account")
        field("cc", ticket.cc)
        field("date", ticket.openedAt)
        field("subject", ticket.subject)
        field("status", ticket.status)
        field("priority", ticket.priority)
        field("admin", ticket.admin)
        field("attachment", attachment)
        writer.raw(",\"attachments\":[")
        if !attachment.isEmpty {
            // Stored names carry a `123456_` prefix that WHMCS strips for `filename`.
            let name = attachment.split(separator: "_", maxSplits: 1).last.map(String.init) ?? attachment
            writer.raw("{\"filename\":")
            writer.string(name, escapeNonASCII: escapeNonASCII)
            writer.raw(",\"index\":0}")
        }
        writer.raw("],\"attachments_removed\":false")
        field("lastreply", ticket.lastReplyAt)
        field("flag", ticket.flag)
        field("service", ticket.service)
        writer.byte(UInt8(ascii: "}"))
    }
}
