import Foundation
import HelpdeskAPI
import TestSupport
import Testing

@Suite("Get Ticket decoding")
struct DecodingTests {
    func decode(_ json: String, status: Int = 200) throws -> GetTicketResult {
        try GetTicketResponse.classify(status: status, retryAfter: nil, body: Array(json.utf8))
    }

    func ticket(_ json: String) throws -> Ticket {
        guard case .ticket(let ticket, _) = try decode(json) else {
            Issue.record("expected a ticket")
            throw CancellationError()
        }
        return ticket
    }

    /// A minimal ticket with `extra` members spliced in.
    func minimal(_ extra: String) -> String {
        """
        {"result":"success","ticketid":"7","tid":"123456","c":"SECRETKEY","deptid":"2","deptname":"Billing",
         "date":"2026-10-05 09:00:00","subject":"Hi","status":"Open","priority":"High","admin":"" \(extra)}
        """
    }

    @Test func theAPIPagesExampleDecodes() throws {
        let bytes = Array(try TestPaths.fixture("get-ticket-example.json"))
        guard
            case .ticket(let ticket, let raw) = try GetTicketResponse.classify(
                status: 200, retryAfter: nil, body: bytes)
        else {
            Issue.record("not a ticket")
            return
        }
        #expect(ticket.ticketID == 1)
        #expect(ticket.ticketNumber == "516757")
        #expect(ticket.departmentName == "Sample Support Department")
        #expect(ticket.name == "Cynthia Reilly")
        #expect(ticket.openedAt == at("2016-01-01 06:26:29"))
        #expect(ticket.lastReplyAt == at("2016-01-01 06:30:16"))
        #expect(ticket.status == "Closed")
        #expect(ticket.priority == "Medium")
        #expect(ticket.replies.map(\.replyID) == [0, 1, 2])
        #expect(ticket.replies[0].isOpeningMessage)
        #expect(ticket.replies[1].admin == "Demo Admin")
        #expect(ticket.replies[1].rating == nil)  // "0" means not rated
        #expect(ticket.replies[0].message.hasPrefix("Hey, \r\n\r\nThis is the first ticket message!"))
        #expect(
            ticket.notes == [
                Note(noteID: 1, date: at("2016-01-01 06:26:42"), message: "This is a ticket note", admin: "Demo Admin")
            ])
        // The access key is gone from the raw body too, and nothing else is.
        let rawText = String(decoding: raw, as: UTF8.self)
        #expect(!rawText.contains("KPqH7yG3"))
        #expect(!rawText.contains("\"c\""))
        #expect(rawText.contains("\"tid\": \"516757\""))
    }

    @Test func numbersMayArriveAsNumbersOrStrings() throws {
        let t = try ticket(
            #"{"result":"success","ticketid":7,"tid":123456,"deptid":2,"userid":"9","flag":3,"date":"2026-10-05 09:00:00"}"#
        )
        #expect(t.ticketID == 7)
        #expect(t.ticketNumber == "123456")
        #expect(t.departmentID == 2)
        #expect(t.userID == 9)
        #expect(t.flag == 3)
    }

    @Test(arguments: [
        #", "replies": """#, #", "replies": []"#, #", "replies": null"#, "", #", "replies": {"reply": []}"#,
    ])
    func emptyReplyListsInEveryShape(_ member: String) throws {
        #expect(try ticket(minimal(member)).replies.isEmpty)
    }

    @Test func aSingleReplyObjectIsAListOfOne() throws {
        let t = try ticket(
            minimal(#", "replies": {"reply": {"replyid": "0", "date": "2026-10-05 09:00:00", "message": "only"}}"#))
        #expect(t.replies.count == 1)
        #expect(t.replies[0].message == "only")
        #expect(t.replies[0].isOpeningMessage)
    }

    @Test func notesInEveryShape() throws {
        #expect(try ticket(minimal(#", "notes": []"#)).notes.isEmpty)
        #expect(try ticket(minimal(#", "notes": """#)).notes.isEmpty)
        let one = try ticket(
            minimal(
                #", "notes": {"note": {"noteid": "4", "date": "2026-10-05 10:00:00", "message": "n", "admin": "Ann"}}"#)
        )
        #expect(one.notes.map(\.noteID) == [4])
    }

    @Test func theOpeningMessageMayStandAnywhere() throws {
        let t = try ticket(
            minimal(
                #", "replies": {"reply": [{"replyid":"5","date":"2026-10-05 11:00:00","admin":"Bo","rating":"5"},{"replyid":"0","date":"2026-10-05 09:00:00"}]}"#
            ))
        #expect(t.replies.map(\.replyID) == [5, 0])
        #expect(t.replies[1].isOpeningMessage)
        #expect(t.replies[0].rating == 5)
    }

    @Test func missingOrZeroRatingIsUnrated() throws {
        let t = try ticket(
            minimal(
                #", "replies": {"reply": [{"replyid":"1","admin":"Bo","rating":"0"},{"replyid":"2","admin":"Bo"},{"replyid":"3","admin":"Bo","rating":4},{"replyid":"4","admin":"Bo","rating":"9"}]}"#
            ))
        #expect(t.replies.map(\.rating) == [nil, nil, 4, nil])
    }

    @Test func zeroDatesMeanNone() throws {
        let t = try ticket(
            #"{"result":"success","ticketid":"1","date":"0000-00-00 00:00:00","lastreply":"0000-00-00 00:00:00"}"#)
        #expect(t.openedAt == nil)
        #expect(t.lastReplyAt == nil)
    }

    @Test func escapedSlashesAndNonASCIISurvive() throws {
        let t = try ticket(minimal(#", "service": "S12\/x", "name": "Zoë Ågren \u00e9 \ud83d\ude00 日本""#))
        #expect(t.service == "S12/x")
        #expect(t.name == "Zoë Ågren é 😀 日本")
    }

    @Test func invalidUTF8IsRepairedNotFatal() throws {
        var bytes = Array(minimal(#", "cc": "bad XX here""#).utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[index] = 0xFF
        bytes[index + 1] = 0xFE
        guard case .ticket(let t, _) = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: bytes) else {
            Issue.record("not a ticket")
            return
        }
        #expect(t.cc == "bad \u{FFFD}\u{FFFD} here")
    }

    @Test func theAccessKeyIsDroppedFromTheRawBodyAtEveryDepth() throws {
        let json =
            #"{"c":"K1","result":"success","ticketid":"7","replies":{"reply":[{"replyid":"1","c":"K2","message":"say \"c\":\"x\""}]}, "x": [1, {"c": {"deep": "K3"}}]}"#
        guard case .ticket(_, let raw) = try decode(json) else {
            Issue.record("not a ticket")
            return
        }
        let text = String(decoding: raw, as: UTF8.self)
        #expect(!text.contains("K1") && !text.contains("K2") && !text.contains("K3"))
        #expect(text.contains(#""message":"say \"c\":\"x\"""#))
        // What is left is still valid JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(raw))) != nil)
    }

    @Test func notFoundIsAnOutcomeNotAnError() throws {
        #expect(try decode(#"{"result":"error","message":"Ticket ID Not Found"}"#) == .notFound)
    }

    @Test func classification() throws {
        func kind(_ status: Int, _ body: String = "", retryAfter: String? = nil) -> HelpdeskError.Kind? {
            do {
                _ = try GetTicketResponse.classify(status: status, retryAfter: retryAfter, body: Array(body.utf8))
                return nil
            } catch { return error.kind }
        }
        #expect(kind(401) == .authenticationFailed(.credentials))
        #expect(kind(403) == .authenticationFailed(.credentials))
        #expect(
            kind(200, #"{"result":"error","message":"Authentication Failed"}"#) == .authenticationFailed(.credentials))
        #expect(kind(429, retryAfter: "3") == .throttled(retryAfter: 3))
        #expect(kind(503, retryAfter: "1") == .throttled(retryAfter: 1))
        #expect(kind(503) == .transient)
        #expect(kind(500) == .transient)
        #expect(kind(502) == .transient)
        #expect(kind(200, #"{"result":"success","ticketid":"1","subj"#) == .transient)  // truncated
        #expect(kind(302) == .permanent)
        #expect(kind(200, #"{"result":"error","message":"Something else"}"#) == .permanent)
        #expect(kind(400, #"{"result":"error","message":"Ticket ID or Number Required"}"#) == .permanent)
        // Whatever shows the URL is not a Get Ticket endpoint stops the run.
        #expect(kind(404) == .notAnEndpoint)
        #expect(kind(400) == .notAnEndpoint)
        #expect(kind(200, #"{"result":"success"}"#) == .notAnEndpoint)  // JSON, but not a ticket
        #expect(kind(200, #"[1, 2, 3]"#) == .notAnEndpoint)
        #expect(kind(200, "<html>login</html>") == .notAnEndpoint)
        // Only the exact message is a missing ticket.
        #expect(kind(200, #"{"result":"error","message":"Command Not Found"}"#) == .notAnEndpoint)
        #expect(kind(200, #"{"result":"error","message":"Client Not Found"}"#) == .permanent)
    }

    @Test func datesParseByTheFixedFormatOnly() {
        #expect(LocalDateTime(parsing: "2026-02-28 23:59:59")?.description == "2026-02-28 23:59:59")
        #expect(LocalDateTime(parsing: "2026-10-05")?.description == "2026-10-05 00:00:00")
        #expect(LocalDateTime(parsing: "2026-02-29 00:00:00") == nil)  // not a leap year
        #expect(LocalDateTime(parsing: "2024-02-29 00:00:00") != nil)
        #expect(LocalDateTime(parsing: "2026-13-01 00:00:00") == nil)
        #expect(LocalDateTime(parsing: "2026-10-05 24:00:00") == nil)
        #expect(LocalDateTime(parsing: "0000-00-00 00:00:00") == nil)
        #expect(LocalDateTime(parsing: "05/10/2026") == nil)
        #expect(LocalDateTime(parsing: "") == nil)
        #expect(at("2026-10-05 09:00:00").weekday == 1)  // a Monday
        #expect(at("1970-01-01 00:00:00").secondsSinceEpoch == 0)
        #expect(
            LocalDateTime(secondsSinceEpoch: at("2031-07-15 13:14:15").secondsSinceEpoch) == at("2031-07-15 13:14:15"))
    }
}
