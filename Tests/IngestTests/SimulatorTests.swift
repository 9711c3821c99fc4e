import AsyncHTTPClient
import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import NIOCore
import NIOHTTP1
import Testing

/// The simulated helpdesk, tested against the real server on 127.0.0.1, port 0.
@Suite struct SimulatorTests {
    // MARK: The dataset

    @Test func sameSeedGivesTheSameTickets() {
        let first = SimulatedDataset(seed: 42, ticketCount: 500)
        let second = SimulatedDataset(seed: 42, ticketCount: 500)
        let other = SimulatedDataset(seed: 43, ticketCount: 500)
        // Generation order must not matter: walk one dataset backwards.
        for id in first.ids.reversed() {
            #expect(first.ticket(id: id) == second.ticket(id: id))
            #expect(first.responseBody(id: id) == second.responseBody(id: id))
            #expect(first.accessKey(id: id) == second.accessKey(id: id))
        }
        let differing = first.ids.filter { first.responseBody(id: $0) != other.responseBody(id: $0) }
        #expect(differing.count > 450)
    }

    @Test func aboutTwoPercentOfIdsAreDeleted() {
        let dataset = SimulatedDataset(seed: 7, ticketCount: 2_000)
        let deleted = dataset.ids.filter { dataset.ticket(id: $0) == nil }
        #expect((20...70).contains(deleted.count), "deleted: \(deleted.count)")
        #expect(deleted.allSatisfy { dataset.isDeleted(id: $0) && dataset.responseBody(id: $0) == nil })
        #expect(dataset.ticket(id: 0) == nil)
        #expect(dataset.ticket(id: 2_001) == nil)
    }

    @Test func proportionsRoughlyHoldOn2000Tickets() throws {
        let dataset = SimulatedDataset(seed: 1, ticketCount: 2_000)
        let tickets = dataset.ids.compactMap { dataset.ticket(id: $0) }
        let customerOpened = tickets.filter { !$0.isOpenedByAdmin }
        let unanswered = customerOpened.filter { ticket in
            !ticket.replies.contains { !$0.isOpeningMessage && $0.isAdmin }
        }
        let adminReplies = tickets.flatMap { $0.replies.filter { !$0.isOpeningMessage && $0.isAdmin } }
        let rated = adminReplies.filter { $0.rating != nil }
        let withNotes = tickets.filter { !$0.notes.isEmpty }
        let share = { (part: Int, whole: Int) in Double(part) / Double(whole) }

        #expect((0.05...0.11).contains(share(unanswered.count, customerOpened.count)))
        #expect((0.03...0.07).contains(share(tickets.count - customerOpened.count, tickets.count)))
        #expect((0.25...0.35).contains(share(rated.count, adminReplies.count)))
        #expect((0.15...0.25).contains(share(withNotes.count, tickets.count)))
        // Ratings are skewed to 4–5; priorities about 25/55/20.
        #expect(share(rated.filter { $0.rating! >= 4 }.count, rated.count) > 0.6)
        #expect((0.45...0.65).contains(share(tickets.filter { $0.priority == "Medium" }.count, tickets.count)))
        #expect(Set(tickets.map(\.departmentName)).count == 6)
        #expect(Set(adminReplies.map(\.admin)).count == 10)
        #expect(share(tickets.filter { $0.status == "Closed" }.count, tickets.count) > 0.8)
        // Some notes come before the first admin reply.
        #expect(
            tickets.contains { ticket in
                guard let firstAdmin = ticket.replies.first(where: { !$0.isOpeningMessage && $0.isAdmin })?.date,
                    let firstNote = ticket.notes.first?.date
                else { return false }
                return firstNote < firstAdmin
            })
        // More tickets are opened on weekdays in office hours than at any other time.
        let office = tickets.filter { (1...5).contains($0.openedAt!.weekday) && (9..<17).contains($0.openedAt!.hour) }
        #expect(share(office.count, tickets.count) > 0.5)
    }

    @Test func ticketsAreInternallyConsistent() throws {
        let dataset = SimulatedDataset(seed: 3, ticketCount: 1_000)
        var previous = SimulatedDataset.periodStart
        var ticketNumbers = Set<String>()
        for id in dataset.ids {
            guard let ticket = dataset.ticket(id: id) else { continue }
            let opened = try #require(ticket.openedAt)
            #expect(opened >= previous, "dates grow with the id")
            #expect(opened < SimulatedDataset.periodEnd)
            previous = opened
            let opening = try #require(ticket.replies.first)
            #expect(opening.replyID == 0 && opening.date == opened && opening.name == ticket.name)
            #expect(opening.admin == ticket.admin && opening.rating == nil)
            #expect((1...9).contains(ticket.replies.count))
            let dates = ticket.replies.compactMap(\.date)
            #expect(dates == dates.sorted() && dates.last! < SimulatedDataset.periodEnd)
            #expect(ticket.lastReplyAt == dates.last)
            #expect(ticket.replies.allSatisfy { $0.rating == nil || $0.isAdmin })
            #expect(ticket.ticketNumber.count == 6 && Int(ticket.ticketNumber) != nil)
            #expect(dataset.id(ticketNumber: ticket.ticketNumber) == id)
            ticketNumbers.insert(ticket.ticketNumber)
            let key = dataset.accessKey(id: id)
            #expect(key.count == 8 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
        #expect(ticketNumbers.count == dataset.ids.filter(dataset.contains(id:)).count)
    }

    // MARK: JSON

    @Test func encodesLikeWHMCS() throws {
        let ticket = Ticket(
            ticketID: 1, ticketNumber: "516757", departmentID: 1, departmentName: "Sample Support Department",
            userID: 1, name: "Cynthia Reilly", openedAt: at("2016-01-01 06:26:29"), subject: "This is a sample ticket",
            status: "Closed", priority: "Medium", lastReplyAt: at("2016-01-01 06:30:16"),
            replies: [
                Reply(
                    replyID: 0, userID: 1, name: "Cynthia Reilly", date: at("2016-01-01 06:26:29"), message: "Hey,\r\n"),
                Reply(
                    replyID: 1, userID: 1, date: at("2016-01-01 06:27:01"), message: "a/b \"q\"", admin: "Demo Admin"),
                Reply(replyID: 2, userID: 1, date: nil, message: "Ünïcode 🎫", rating: 5),
            ],
            notes: [
                Note(noteID: 1, date: at("2016-01-01 06:26:42"), message: "This is a ticket note", admin: "Demo Admin")
            ])
        let json = String(decoding: TicketJSON.encode(ticket, accessKey: "KPqH7yG3"), as: UTF8.self)
        let expected = #"""
            {"result":"success","ticketid":"1","tid":"516757","c":"KPqH7yG3","deptid":"1","deptname":"Sample Support Department","userid":"1","contactid":"0","name":"Cynthia Reilly","email":"","cc":"","date":"2016-01-01 06:26:29","subject":"This is a sample ticket","status":"Closed","priority":"Medium","admin":"","lastreply":"2016-01-01 06:30:16","flag":"0","service":"","replies":{"reply":[{"replyid":"0","userid":"1","contactid":"0","name":"Cynthia Reilly","email":"","date":"2016-01-01 06:26:29","message":"Hey,\r\n","attachment":"","admin":""},{"replyid":"1","userid":"1","contactid":"0","name":"","email":"","date":"2016-01-01 06:27:01","message":"a\/b \"q\"","attachment":"","admin":"Demo Admin","rating":"0"},{"replyid":"2","userid":"1","contactid":"0","name":"","email":"","date":"0000-00-00 00:00:00","message":"Ünïcode 🎫","attachment":"","admin":"","rating":"5"}]},"notes":{"note":[{"noteid":"1","date":"2016-01-01 06:26:42","message":"This is a ticket note","admin":"Demo Admin"}]}}
            """#
        #expect(json == expected)
        #expect(
            String(decoding: TicketJSON.error("Ticket ID Not Found"), as: UTF8.self)
                == #"{"result":"error","message":"Ticket ID Not Found"}"#)
    }

    @Test func hostileTextSurvivesTheJSONRoundTrip() throws {
        let dataset = SimulatedDataset(seed: 1, ticketCount: 600, hostile: true)
        #expect(dataset.ticket(id: 3)?.subject == "<script>alert(1)</script>")
        let huge = try #require(dataset.ticket(id: SimulatedDataset.hugeMessageTicketID))
        #expect(huge.replies[0].message.utf8.count == 1 << 20)
        let departments = Set(dataset.ids.compactMap { dataset.ticket(id: $0)?.departmentName })
        #expect(departments.contains("Sales/EU [old]*"))
        #expect(departments.contains { $0.count == 300 })

        let invalid = dataset.ids.filter(dataset.hasInvalidUTF8(id:))
        #expect(invalid.contains(SimulatedDataset.invalidUTF8TicketID))
        let body = try #require(dataset.responseBody(id: SimulatedDataset.invalidUTF8TicketID))
        #expect(String(validating: body, as: UTF8.self) == nil)

        var payloads = Set<String>()
        for id in dataset.ids where dataset.contains(id: id) && !dataset.hasInvalidUTF8(id: id) && id != 4 {
            let ticket = try #require(dataset.ticket(id: id))
            let object = try JSONHelpers.object(dataset.responseBody(id: id)!)
            // JSONSerialization drops a string's leading U+FEFF (a payload does start with one).
            let text = { (value: String) in value.hasPrefix("\u{FEFF}") ? String(value.dropFirst()) : value }
            #expect(object["subject"] as? String == text(ticket.subject))
            #expect(object["name"] as? String == ticket.name)
            #expect(object["email"] as? String == ticket.email)
            #expect(object["deptname"] as? String == ticket.departmentName)
            let replies = try JSONHelpers.replies(object)
            #expect(replies.map { $0["message"] as? String } == ticket.replies.map { text($0.message) })
            #expect(replies.map { $0["admin"] as? String } == ticket.replies.map(\.admin))
            for text in [ticket.subject, ticket.name] + ticket.replies.map(\.message) {
                for marker in ["\u{0}", "\u{202E}", "=HYPERLINK", "DROP TABLE", "onerror", "&amp;lt;", "🎫"]
                where text.contains(marker) {
                    payloads.insert(marker)
                }
            }
        }
        #expect(payloads.count == 7, "payloads seen: \(payloads.sorted())")
    }

    @Test func quirksVaryTheShapeButNotTheTicket() throws {
        let dataset = SimulatedDataset(seed: 1, ticketCount: 400, quirks: true)
        var numbers = 0
        var emptyNotesArrays = 0
        var singleReplyObjects = 0
        var withoutReplies = 0
        var openingNotFirst = 0
        var zeroLastReply = 0
        for id in dataset.ids where dataset.contains(id: id) {
            let ticket = try #require(dataset.ticket(id: id))
            let object = try JSONHelpers.object(dataset.responseBody(id: id)!)
            if object["ticketid"] is NSNumber { numbers += 1 }
            if object["notes"] is [Any] { emptyNotesArrays += 1 }
            if let replies = object["replies"] as? [String: Any], replies["reply"] is [String: Any] {
                singleReplyObjects += 1
            }
            if ticket.replies.isEmpty { withoutReplies += 1 }
            if let first = ticket.replies.first, first.replyID != 0 { openingNotFirst += 1 }
            if ticket.lastReplyAt == nil, object["lastreply"] as? String == "0000-00-00 00:00:00" { zeroLastReply += 1 }
            #expect(object["subject"] as? String == ticket.subject)
            #expect(try JSONHelpers.replies(object).count == ticket.replies.count)
        }
        #expect(numbers > 50 && emptyNotesArrays > 100 && singleReplyObjects > 0)
        #expect(withoutReplies > 0 && openingNotFirst > 0 && zeroLastReply > 0)
    }

    // MARK: The server

    @Test func bothAuthStylesServeTheSameTicket() async throws {
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 5, ticketCount: 50)) { simulator in
            let id = try #require(simulator.dataset.ids.first(where: simulator.dataset.contains(id:)))
            let expected = simulator.dataset.responseBody(id: id)

            let bearer = try await SimulatorClient.post(simulator.url, ["ticketid": "\(id)"])
            #expect(bearer.status == 200 && bearer.body == expected)
            let bearerURLEncoded = try await SimulatorClient.post(
                simulator.url, ["ticketid": "\(id)"], multipart: false)
            #expect(bearerURLEncoded.body == expected)

            let whmcs: [String: String] = [
                "action": "GetTicket", "identifier": "sim-identifier", "secret": "sim-secret",
                "responsetype": "json", "ticketid": "\(id)",
            ]
            let form = try await SimulatorClient.post(simulator.whmcsURL, whmcs, token: nil, multipart: false)
            #expect(form.status == 200 && form.body == expected)
            let multipartWHMCS = try await SimulatorClient.post(simulator.url, whmcs, token: nil)
            #expect(multipartWHMCS.body == expected)

            let byNumber = try await SimulatorClient.post(
                simulator.url, ["ticketnum": simulator.dataset.ticketNumber(id: id)])
            #expect(byNumber.body == expected)
            #expect(simulator.stats.ticketsServed == 5)
        }
    }

    @Test func refusesBadCredentialsAndBadRequests() async throws {
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 20)) { simulator in
            let authFailed = Array(#"{"result":"error","message":"Authentication Failed"}"#.utf8)
            let wrongToken = try await SimulatorClient.post(simulator.url, ["ticketid": "1"], token: "wrong")
            #expect(wrongToken.status == 401 && wrongToken.body == authFailed)
            let noToken = try await SimulatorClient.post(simulator.url, ["ticketid": "1"], token: nil)
            #expect(noToken.status == 401)

            let badSecret = try await SimulatorClient.post(
                simulator.whmcsURL,
                ["action": "GetTicket", "identifier": "sim-identifier", "secret": "nope", "ticketid": "1"],
                token: nil, multipart: false)
            #expect(badSecret.status == 200 && badSecret.body == authFailed)

            let missing = try await SimulatorClient.post(simulator.url, ["repliessort": "ASC"])
            #expect(missing.status == 400)
            let outOfRange = try await SimulatorClient.post(simulator.url, ["ticketid": "21"])
            #expect(outOfRange.status == 200)
            #expect(outOfRange.body == Array(#"{"result":"error","message":"Ticket ID Not Found"}"#.utf8))

            let stats = simulator.stats
            #expect(stats.requests == 5 && stats.authenticationFailures == 3 && stats.notFound == 1)
            #expect(stats.responses(status: 401) == 2 && stats.responses(status: 400) == 1)
            #expect(stats.ticketsServed == 0)
        }
    }

    @Test func deletedTicketsAreNotFound() async throws {
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 7, ticketCount: 2_000)) { simulator in
            let deleted = try #require(simulator.dataset.ids.first(where: simulator.dataset.isDeleted(id:)))
            let response = try await SimulatorClient.post(simulator.url, ["ticketid": "\(deleted)"])
            #expect(response.status == 200)
            #expect(try JSONHelpers.object(response.body)["message"] as? String == "Ticket ID Not Found")
        }
    }

    @Test func repliesSortDescendingPutsTheOpeningMessageLast() async throws {
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 9, ticketCount: 100)) { simulator in
            let dataset = simulator.dataset
            let id = try #require(dataset.ids.first { (dataset.ticket(id: $0)?.replies.count ?? 0) >= 3 })
            let ascending = try await SimulatorClient.post(simulator.url, ["ticketid": "\(id)", "repliessort": "ASC"])
            let descending = try await SimulatorClient.post(
                simulator.url, ["ticketid": "\(id)", "repliessort": "DESC"])
            let ascendingIDs = try JSONHelpers.replies(JSONHelpers.object(ascending.body)).map {
                $0["replyid"] as? String
            }
            let descendingIDs = try JSONHelpers.replies(JSONHelpers.object(descending.body)).map {
                $0["replyid"] as? String
            }
            #expect(ascendingIDs.first == "0" && descendingIDs.last == "0")
            #expect(descendingIDs == ascendingIDs.reversed())
        }
    }

    @Test func accessKeyIsInEveryTicketResponse() async throws {
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 11, ticketCount: 10)) { simulator in
            for id in simulator.dataset.ids where simulator.dataset.contains(id: id) {
                let response = try await SimulatorClient.post(simulator.url, ["ticketid": "\(id)"])
                #expect(try JSONHelpers.object(response.body)["c"] as? String == simulator.dataset.accessKey(id: id))
            }
        }
    }

    @Test(arguments: FaultKind.allCases)
    func aFaultingIdFailsOnceThenSucceeds(kind: FaultKind) async throws {
        var configuration = SimulatorConfiguration(seed: 2, ticketCount: 30)
        configuration.faults = FaultConfiguration(rates: [kind: 1], retryAfterSeconds: 0)
        try await withHelpdeskSimulator(configuration) { simulator in
            let id = try #require(simulator.dataset.ids.first(where: simulator.dataset.contains(id:)))
            let first: Result<SimulatorClient.Response, any Error>
            do {
                first = .success(try await SimulatorClient.post(simulator.url, ["ticketid": "\(id)"]))
            } catch {
                first = .failure(error)
            }
            switch (kind, first) {
            case (.internalServerError, .success(let response)):
                #expect(response.status == 500)
            case (.tooManyRequests, .success(let response)), (.serviceUnavailable, .success(let response)):
                #expect(response.status == (kind == .tooManyRequests ? 429 : 503))
                #expect(response.headers["Retry-After"] == ["0"])
            case (.truncatedBody, .success(let response)):
                #expect(response.status == 200)
                #expect(response.body == Array(simulator.dataset.responseBody(id: id)!.prefix(response.body.count)))
                #expect((try? JSONHelpers.object(response.body)) == nil)
            case (.droppedConnection, .failure):
                break
            default:
                Issue.record("unexpected first answer for \(kind): \(first)")
            }
            let second = try await SimulatorClient.post(simulator.url, ["ticketid": "\(id)"])
            #expect(second.status == 200 && second.body == simulator.dataset.responseBody(id: id))
            #expect(simulator.stats.faultsInjected == [kind: 1])
            #expect(simulator.stats.droppedConnections == (kind == .droppedConnection ? 1 : 0))
        }
    }

    @Test func faultsAreDeterministicPerIdAndHonourAttempts() async throws {
        let faults = FaultConfiguration(spreading: 0.5, retryAfterSeconds: 0, attempts: 2)
        let faulting = (1...400).filter { faults.fault(seed: 1, id: $0) != nil }
        #expect((140...260).contains(faulting.count))
        #expect(faulting == (1...400).filter { faults.fault(seed: 1, id: $0) != nil })
        #expect(Set(faulting.compactMap { faults.fault(seed: 1, id: $0) }) == Set(FaultKind.allCases))

        var configuration = SimulatorConfiguration(seed: 1, ticketCount: 400)
        configuration.faults = FaultConfiguration(rates: [.internalServerError: 1], attempts: 2)
        try await withHelpdeskSimulator(configuration) { simulator in
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await SimulatorClient.post(simulator.url, ["ticketid": "1"]).status) }
            #expect(statuses == [500, 500, 200])
        }
    }

    @Test func hostileServerModes() async throws {
        var huge = SimulatorConfiguration(ticketCount: 10)
        huge.faults.hugeBodyBytes = 3_000_000
        try await withHelpdeskSimulator(huge) { simulator in
            let response = try await SimulatorClient.post(simulator.url, ["ticketid": "1"], maxBody: 8 << 20)
            #expect(response.status == 200 && response.body.count == 3_000_000)
            #expect((try? JSONHelpers.object(response.body)) == nil)
        }

        var silent = SimulatorConfiguration(ticketCount: 10, latencyMilliseconds: 20)
        silent.faults.neverAnswer = true
        let clock = ContinuousClock()
        let started = clock.now
        try await withHelpdeskSimulator(silent) { simulator in
            await #expect(throws: (any Error).self) {
                try await SimulatorClient.post(simulator.url, ["ticketid": "1"], timeout: .milliseconds(300))
            }
            #expect(simulator.stats.requests == 1 && simulator.stats.responsesByStatus.isEmpty)
        }
        #expect(clock.now - started < .seconds(5), "the simulator shuts down with a request still held")
    }
}

// MARK: Helpers

/// A minimal Get Ticket client for these tests, independent of HelpdeskAPI's.
enum SimulatorClient {
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    static func post(
        _ url: String, _ fields: [String: String], token: String? = "sim-token", multipart: Bool = true,
        timeout: TimeAmount = .seconds(5), maxBody: Int = 4 << 20
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let pairs = fields.sorted { $0.key < $1.key }
        if multipart {
            let boundary = "----simtest\(UInt32.random(in: 0...UInt32.max))"
            var body = ""
            for (name, value) in pairs {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)--\r\n"
            request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
            request.body = .bytes(ByteBuffer(string: body))
        } else {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let body = pairs.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
            }.joined(separator: "&")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: maxBody)
        return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
    }
}

enum JSONHelpers {
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        return try #require(value as? [String: Any])
    }

    /// `replies.reply` as a list, whatever shape the response used.
    static func replies(_ object: [String: Any]) throws -> [[String: Any]] {
        guard let replies = object["replies"] as? [String: Any] else { return [] }
        if let one = replies["reply"] as? [String: Any] { return [one] }
        return try #require(replies["reply"] as? [[String: Any]])
    }
}

private func at(_ text: String) -> LocalDateTime {
    LocalDateTime(parsing: text)!
}
