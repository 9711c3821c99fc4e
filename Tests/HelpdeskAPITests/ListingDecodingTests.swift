import Testing

@testable import HelpdeskAPI

/// `GetTickets` answers as WHMCS versions send them (shapes from the API reference's examples,
/// 2016 and 2022, and the 7.x/8.x code), decoded to what a sync compares.
@Suite("GetTickets listing decoding")
struct ListingDecodingTests {
    func page(_ json: String, status: Int = 200) throws(HelpdeskError) -> TicketListPage {
        try GetTicketsResponse.classify(status: status, retryAfter: nil, body: Array(json.utf8))
    }

    @Test func whmcs7StringsAndTheTicketWrapper() throws {
        let listing = try page(
            #"""
            {"result":"success","totalresults":"2","startnumber":0,"numreturned":2,"tickets":{"ticket":[
              {"id":"12","tid":"516757","deptid":"1","userid":"1","name":"Cynthia Reilly","c":"KPqH7yG3",
               "date":"2016-01-01 06:26:29","subject":"Sample","status":"Answered","priority":"Medium",
               "admin":"admin admin","attachment":"","lastreply":"2016-01-01 06:30:16","flag":"0","service":""},
              {"id":"11","deptid":"2","c":"x","status":"Closed","priority":"Low","lastreply":"0000-00-00 00:00:00","flag":"3"}
            ]}}
            """#)
        #expect(listing.totalResults == 2)
        #expect(
            listing.tickets == [
                ListedTicket(
                    ticketID: 12, status: "Answered", priority: "Medium", departmentID: 1, flag: 0,
                    lastReplyAt: LocalDateTime(parsing: "2016-01-01 06:30:16")),
                ListedTicket(
                    ticketID: 11, status: "Closed", priority: "Low", departmentID: 2, flag: 3, lastReplyAt: nil),
            ])
    }

    @Test func whmcs8NumbersAndTicketIDAlone() throws {
        let listing = try page(
            #"""
            {"result":"success","totalresults":31,"startnumber":30,"numreturned":1,
             "tickets":{"ticket":[{"ticketid":7,"deptid":4,"status":"Open","priority":"High","flag":0,
             "lastreply":"2026-11-21 10:00:00","c":"AbCdEfGh","owner_name":"Jo"}]}}
            """#)
        #expect(listing.totalResults == 31)
        #expect(listing.tickets.map(\.ticketID) == [7])
    }

    /// WHMCS leaves `tickets` out when nothing matches (the key is made inside its row loop).
    @Test func anEmptyPageHasNoTicketsKey() throws {
        let listing = try page(#"{"result":"success","totalresults":0,"startnumber":0,"numreturned":0}"#)
        #expect(listing == TicketListPage(totalResults: 0, tickets: []))
    }

    @Test func refusalsAndOtherAnswersAreClassified() {
        func kind(_ json: String, status: Int = 200) -> HelpdeskError.Kind? {
            do {
                _ = try page(json, status: status)
                return nil
            } catch { return error.kind }
        }
        #expect(
            kind(
                #"{"result":"error","message":"Invalid Permissions: API action \u0022gettickets\u0022 is not allowed"}"#,
                status: 403) == .authenticationFailed(.permissions))
        #expect(
            kind(#"{"result":"error","message":"Invalid IP 203.0.113.7"}"#, status: 403)
                == .authenticationFailed(.ipNotAllowed))
        #expect(kind(#"{"result":"error","message":"Command Not Found"}"#) == .notAnEndpoint)
        // A Get Ticket answer is no listing.
        #expect(kind(#"{"result":"success","ticketid":"1","status":"Open"}"#) == .notAnEndpoint)
        #expect(kind("<html><body>Login</body></html>") == .notAnEndpoint)
        #expect(kind("", status: 502) == .transient)
        // The status rules are Get Ticket's own: 503 with Retry-After is throttling, a redirect is not followed.
        do {
            _ = try GetTicketsResponse.classify(status: 503, retryAfter: "3", body: [])
            Issue.record("a 503 is no listing")
        } catch {
            #expect(error.kind == .throttled(retryAfter: 3))
        }
        #expect(kind("", status: 302) == .permanent)
    }
}
