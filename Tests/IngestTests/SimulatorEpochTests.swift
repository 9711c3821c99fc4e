import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import Testing

/// The simulated helpdesk over time: epochs, their ground truth, and the GetTickets listing.
@Suite struct SimulatorEpochTests {
    // MARK: Epochs

    @Test func epochZeroIsTheGeneratedHelpdesk() {
        for (hostile, quirks) in [(false, false), (true, true)] {
            let unset = SimulatorConfiguration(seed: 5, ticketCount: 300, hostile: hostile, quirks: quirks).dataset
            let zero = SimulatorConfiguration(
                seed: 5, ticketCount: 300, hostile: hostile, quirks: quirks, epoch: 0, changeRate: 0.5,
                newTicketsPerEpoch: 40, openShare: nil
            ).dataset
            #expect(unset.ids == zero.ids && zero.ids == 1...300)
            for id in 0...301 {
                #expect(unset.responseBody(id: id) == zero.responseBody(id: id))
                #expect(
                    unset.responseBody(id: id, repliesSort: .descending)
                        == zero.responseBody(id: id, repliesSort: .descending))
            }
            #expect(zero.now == LocalDateTime(parsing: "2026-11-20 23:59:59"))
        }
        #expect(SimulatedDataset.end(ofEpoch: 1) == LocalDateTime(parsing: "2026-11-21 23:59:59"))
        #expect(SimulatedDataset.end(ofEpoch: 11) == LocalDateTime(parsing: "2026-12-01 23:59:59"))
    }

    @Test func sameSeedAndEpochGiveTheSameBodiesAndEpochsDiffer() {
        let first = SimulatedDataset(seed: 8, ticketCount: 800, quirks: true, epoch: 2, changeRate: 0.2)
        let second = SimulatedDataset(seed: 8, ticketCount: 800, quirks: true, epoch: 2, changeRate: 0.2)
        let earlier = SimulatedDataset(seed: 8, ticketCount: 800, quirks: true, epoch: 1, changeRate: 0.2)
        #expect(first.ids == 1...808 && earlier.ids == 1...804)
        // Generation order must not matter: walk one dataset backwards.
        for id in first.ids.reversed() {
            #expect(first.responseBody(id: id) == second.responseBody(id: id))
        }
        let differing = first.ids.filter { first.responseBody(id: $0) != earlier.responseBody(id: $0) }
        #expect(differing.count > 20, "differing: \(differing.count)")
        #expect(first.changes(epoch: 2) == second.changes(epoch: 2))
        #expect(
            first.changes(epoch: 1) == earlier.changes(epoch: 1),
            "an epoch's changes do not depend on the dataset's epoch")
    }

    @Test func groundTruthEqualsTheDiffOfConsecutiveEpochs() throws {
        var kinds = Set<String>()
        for epoch in 1...3 {
            let before = Self.dataset(epoch: epoch - 1)
            let after = Self.dataset(epoch: epoch)
            let truth = after.changes(epoch: epoch)
            #expect(truth.map(\.ticketID) == truth.map(\.ticketID).sorted())
            #expect(truth.count > 50, "epoch \(epoch): \(truth.count) changes")

            let maxReplyID = before.ids.compactMap { before.ticket(id: $0)?.replies.map(\.replyID).max() }.max() ?? 0
            let maxNoteID = before.ids.compactMap { before.ticket(id: $0)?.notes.map(\.noteID).max() }.max() ?? 0
            var diffs: [Diff] = []
            for id in after.ids {
                guard let new = after.ticket(id: id) else {
                    #expect(before.ticket(id: id) == nil, "ticket \(id) vanished")
                    continue
                }
                guard let old = before.ticket(id: id) else {
                    #expect(new.replies.map(\.replyID) == [0] && new.notes.isEmpty)
                    diffs.append(Diff(id: id, fields: ["created: nil -> \(new.status)"], replies: 0, notes: 0))
                    continue
                }
                var fields: [String] = []
                for (name, oldValue, newValue) in [
                    ("status", old.status, new.status), ("priority", old.priority, new.priority),
                    ("dept_id", String(old.departmentID), String(new.departmentID)),
                    ("flag", String(old.flag), String(new.flag)),
                ] where oldValue != newValue {
                    fields.append("\(name): \(oldValue) -> \(newValue)")
                }
                let replies = new.replies.count - old.replies.count
                let notes = new.notes.count - old.notes.count
                #expect(Array(new.replies.prefix(old.replies.count)) == old.replies)
                if replies == 1 { kinds.insert(new.replies.last!.isAdmin ? "admin reply" : "customer reply") }
                #expect(new.replies.dropFirst(old.replies.count).allSatisfy { $0.replyID > maxReplyID })
                #expect(new.notes.dropFirst(old.notes.count).allSatisfy { $0.noteID > maxNoteID })
                if !fields.isEmpty || replies != 0 || notes != 0 {
                    diffs.append(Diff(id: id, fields: fields, replies: replies, notes: notes))
                }
                // The rename is no change of the ticket's, but every response shows it.
                let renamed = epoch >= SimulatedDataset.renameEpoch
                if new.departmentID == SimulatedDataset.renamedDepartmentID {
                    #expect(new.departmentName == (renamed ? SimulatedDataset.renamedDepartmentName : "Sales"))
                    if renamed && old.departmentName == "Sales" { kinds.insert("rename") }
                }
            }
            let expected = truth.map { change in
                Diff(
                    id: change.ticketID, fields: change.fields.map { "\($0.field): \($0.old ?? "nil") -> \($0.new)" },
                    replies: change.repliesAdded, notes: change.notesAdded)
            }
            #expect(diffs == expected, "epoch \(epoch)")

            for change in truth {
                let statusChange = change.fields.first { $0.field == "status" }
                if statusChange?.old == "Closed" { kinds.insert("reopen") }
                if statusChange?.new == "Closed" {
                    kinds.insert(change.repliesAdded == 1 ? "close with reply" : "close")
                }
                kinds.formUnion(change.fields.map(\.field))
                if change.notesAdded == 1 { kinds.insert("note") }
            }
        }
        let all: Set = [
            "reopen", "close", "close with reply", "admin reply", "customer reply", "note", "rename", "created",
            "status",
            "priority", "dept_id", "flag",
        ]
        #expect(kinds == all, "missing: \(all.subtracting(kinds).sorted())")
    }

    @Test func changesHappenInsideTheirDayAfterTheLastReply() throws {
        for epoch in 1...3 {
            let before = Self.dataset(epoch: epoch - 1)
            let after = Self.dataset(epoch: epoch)
            let dayStart = SimulatedDataset.end(ofEpoch: epoch - 1)
            let dayEnd = SimulatedDataset.end(ofEpoch: epoch)
            #expect(after.now == dayEnd)
            for change in after.changes(epoch: epoch) {
                #expect(change.at > dayStart && change.at <= dayEnd, "\(change)")
                let new = try #require(after.ticket(id: change.ticketID))
                if let old = before.ticket(id: change.ticketID) {
                    #expect(change.at > old.lastReplyAt!, "\(change)")
                    #expect(new.lastReplyAt == (change.repliesAdded > 0 ? change.at : old.lastReplyAt), "\(change)")
                } else {
                    #expect(new.openedAt == change.at && new.lastReplyAt == change.at && new.status == "Open")
                    #expect(after.newTicketIDs(epoch: epoch)?.contains(change.ticketID) == true)
                }
                #expect(new.replies.allSatisfy { $0.date! <= dayEnd } && new.notes.allSatisfy { $0.date! <= dayEnd })
            }
        }
        for epoch in 0...3 {
            let dataset = Self.dataset(epoch: epoch)
            let open = dataset.ids.filter { id in dataset.ticket(id: id).map { $0.status != "Closed" } ?? false }
            #expect(dataset.openTicketIDs() == open)
            #expect(dataset.openCount == open.count)
        }
    }

    @Test func openShareSetsTheShareOfOpenTickets() {
        let dataset = SimulatedDataset(seed: 2, ticketCount: 5_000, openShare: 0.1)
        #expect((400...600).contains(dataset.openCount), "open: \(dataset.openCount)")
        let statuses = Set(dataset.openTicketIDs().compactMap { dataset.ticket(id: $0)?.status })
        #expect(statuses == ["Open", "Answered", "Customer-Reply", "In Progress", "On Hold"])
        // Only the status moves.
        let plain = SimulatedDataset(seed: 2, ticketCount: 5_000)
        for id in stride(from: 1, through: 5_000, by: 7) {
            var ticket = dataset.ticket(id: id)
            ticket?.status = plain.ticket(id: id)?.status ?? ""
            #expect(ticket == plain.ticket(id: id))
        }
    }

    // MARK: GetTickets

    @Test func getTicketsPagesThroughEveryActiveTicketOnce() async throws {
        var configuration = SimulatorConfiguration(seed: 4, ticketCount: 1_500, quirks: true, epoch: 2, changeRate: 0.2)
        configuration.latencyMilliseconds = 0
        try await withHelpdeskSimulator(configuration) { simulator in
            let dataset = simulator.dataset
            var seen: [Int] = []
            var lastReplies: [String] = []
            var start = 0
            var pages = 0
            while true {
                let page = try await Self.list(
                    simulator, ["status": "All Active Tickets", "limitstart": "\(start)", "limitnum": "50"],
                    multipart: pages % 2 == 0, whmcsPath: pages % 3 == 0)
                pages += 1
                #expect(page["totalresults"] as? Int == dataset.openCount)
                #expect(page["startnumber"] as? Int == start)
                let items = Self.items(page)
                #expect(page["numreturned"] as? Int == items.count)
                if items.isEmpty {
                    #expect(page["tickets"] == nil, "no tickets key on an empty page")
                    break
                }
                for item in items {
                    let id = try #require(Self.int(item["id"]))
                    #expect(Self.int(item["ticketid"]) == id)
                    let ticket = try #require(dataset.ticket(id: id))
                    #expect(item["status"] as? String == ticket.status && ticket.status != "Closed")
                    #expect(item["deptname"] as? String == ticket.departmentName)
                    #expect(item["subject"] as? String == ticket.subject)
                    #expect(item["lastreply"] as? String == (ticket.lastReplyAt?.description ?? "0000-00-00 00:00:00"))
                    #expect(item["c"] as? String == dataset.accessKey(id: id))
                    #expect(item["replies"] == nil && item["notes"] == nil)
                    seen.append(id)
                    lastReplies.append(item["lastreply"] as! String)
                }
                start += items.count
            }
            #expect(seen.count == Set(seen).count, "no ticket twice")
            #expect(Set(seen) == Set(dataset.openTicketIDs()))
            // lastreply descending, then id descending.
            let keys = zip(lastReplies, seen).map { ($0, $1) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 > $1 })

            let beyond = try await Self.list(simulator, ["limitstart": "1000000"])
            #expect(beyond["numreturned"] as? Int == 0 && beyond["tickets"] == nil)
            #expect(beyond["totalresults"] as? Int == dataset.ids.filter(dataset.contains(id:)).count)

            let awaiting = try await Self.list(simulator, ["status": "Awaiting Reply", "limitnum": "1000"])
            #expect(Self.items(awaiting).allSatisfy { ["Open", "Customer-Reply"].contains($0["status"] as? String) })
            let sales = try await Self.list(simulator, ["deptid": "3", "status": "Closed", "action": "get_tickets"])
            #expect(Self.items(sales).count == 25)
            #expect(Self.items(sales).allSatisfy { $0["deptname"] as? String == "Sales & Renewals" })
            #expect(Self.items(sales).allSatisfy { $0["status"] as? String == "Closed" })

            // Bearer requests stay Get Ticket only; unknown actions are still unknown.
            let bearer = try await SimulatorClient.post(simulator.url, ["action": "GetTickets"])
            #expect(bearer.status == 400)
            let unknown = try await SimulatorClient.post(
                simulator.whmcsURL, Self.credentials.merging(["action": "GetClients"]) { $1 }, token: nil)
            #expect(unknown.body == Array(#"{"result":"error","message":"Command Not Found"}"#.utf8))
            let ticket = try await SimulatorClient.post(
                simulator.whmcsURL, Self.credentials.merging(["action": "GetTicket", "ticketid": "1"]) { $1 },
                token: nil)
            #expect(ticket.body == dataset.responseBody(id: 1))

            let stats = simulator.stats
            #expect(stats.requestsByAction == ["GetTickets": pages + 3, "GetTicket": 2, "GetClients": 1])
            #expect(stats.listPagesServed == pages + 3 && stats.ticketsServed == 1)
            #expect(stats.description.contains("by action: GetClients: 1, GetTicket: 2, GetTickets: \(pages + 3)"))
        }
    }

    @Test func getTicketsIsRefusedWhenNotAllowed() async throws {
        let configuration = SimulatorConfiguration(ticketCount: 50, getTicketsAllowed: false)
        try await withHelpdeskSimulator(configuration) { simulator in
            let refused = try await SimulatorClient.post(
                simulator.whmcsURL, Self.credentials.merging(["action": "GetTickets"]) { $1 }, token: nil,
                multipart: false)
            #expect(refused.status == 403)
            #expect(
                refused.body
                    == Array(
                        #"{"result":"error","message":"Invalid Permissions: API action \"gettickets\" is not allowed"}"#
                            .utf8))
            let badSecret = try await SimulatorClient.post(
                simulator.whmcsURL, ["action": "GetTickets", "identifier": "sim-identifier", "secret": "no"], token: nil
            )
            #expect(badSecret.body == Array(#"{"result":"error","message":"Authentication Failed"}"#.utf8))
            #expect(simulator.stats.requestsByAction == ["GetTickets": 2])
            #expect(simulator.stats.listPagesServed == 0 && simulator.stats.authenticationFailures == 1)
        }
    }

    // MARK: Helpers

    private static let credentials = ["identifier": "sim-identifier", "secret": "sim-secret", "responsetype": "json"]

    /// ~2,000 tickets that change a lot, so three epochs show every kind of change.
    private static func dataset(epoch: Int) -> SimulatedDataset {
        SimulatedDataset(seed: 21, ticketCount: 2_000, epoch: epoch, changeRate: 0.2)
    }

    private struct Diff: Equatable, CustomStringConvertible {
        var id: Int
        var fields: [String]
        var replies: Int
        var notes: Int

        var description: String { "#\(id) \(fields) +\(replies)r +\(notes)n" }
    }

    private static func list(
        _ simulator: SimulatorEndpoint, _ fields: [String: String], multipart: Bool = true, whmcsPath: Bool = true
    ) async throws -> [String: Any] {
        let form = credentials.merging(["action": "GetTickets"]) { $1 }.merging(fields) { $1 }
        let response = try await SimulatorClient.post(
            whmcsPath ? simulator.whmcsURL : simulator.url, form, token: nil, multipart: multipart)
        #expect(response.status == 200)
        return try JSONHelpers.object(response.body)
    }

    private static func items(_ page: [String: Any]) -> [[String: Any]] {
        (page["tickets"] as? [String: Any])?["ticket"] as? [[String: Any]] ?? []
    }

    /// A number sent as a string or, with the numbers quirk, as a number.
    private static func int(_ value: Any?) -> Int? {
        if let text = value as? String { return Int(text) }
        return (value as? NSNumber)?.intValue
    }
}
