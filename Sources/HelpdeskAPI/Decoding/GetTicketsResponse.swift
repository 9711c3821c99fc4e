/// Turns a `GetTickets` answer into a page or a classified error, like
/// ``GetTicketResponse`` does for one ticket.
///
/// WHMCS 8 sends `{"result":"success","totalresults":N,"startnumber":S,"numreturned":n,
/// "tickets":{"ticket":[…]}}` and leaves `tickets` out when nothing matches; older versions
/// send the numbers as strings. Items name the ticket `id` (WHMCS 8 adds `ticketid`).
package enum GetTicketsResponse {
    package static func classify(status: Int, contentType: String? = nil, retryAfter: String?, body: [UInt8])
        throws(HelpdeskError) -> TicketListPage
    {
        try GetTicketResponse.checkStatus(status, retryAfter: retryAfter)
        guard let json = JSONValue.parse(body), case .object(let top) = json else {
            throw GetTicketResponse.classifyOther(status: status, contentType: contentType, body: body)
        }
        let fields = GetTicketEnvelope.Fields(top)
        if fields.string("result").lowercased() == "error" {
            let message = String(fields.string("message").trimmingSpaces())
            if let error = GetTicketResponse.classifyMessage(
                message, status: status, contentType: contentType, body: [])
            {
                throw error
            }
            throw HelpdeskError(
                .permanent, httpStatus: status,
                message: "the helpdesk answered: \(TextExcerpt.printable(message, limit: 200))")
        }
        guard (200...299).contains(status), fields.string("result").lowercased() == "success",
            let total = fields.int("totalresults")
        else {
            throw HelpdeskError(
                .notAnEndpoint, httpStatus: status,
                message: "the answer is not a GetTickets listing: "
                    + TextExcerpt.answer(status: status, contentType: contentType, body: []))
        }
        let tickets = GetTicketEnvelope.list(top["tickets"], wrapper: "ticket").compactMap { item -> ListedTicket? in
            guard let id = item.int("id") ?? item.int("ticketid") else { return nil }
            return ListedTicket(
                ticketID: id, status: item.string("status"), priority: item.string("priority"),
                departmentID: item.int("deptid") ?? 0, flag: item.int("flag") ?? 0, lastReplyAt: item.date("lastreply"))
        }
        return TicketListPage(totalResults: total, tickets: tickets)
    }
}
