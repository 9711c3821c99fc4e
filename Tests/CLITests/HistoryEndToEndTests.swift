import Foundation
import GRDB
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import Logging
import Synchronization
import TestSupport
import Testing
import TicketStore

/// The history the API does not keep, end to end: a simulated helpdesk that moves one day per
/// epoch, an ingest at epoch 0 and a change-aware `sync` at the end of epochs 1, 2 and 3 (real
/// HTTP on loopback, a real store file), then the history reports through the real binary.
@Suite("History end to end (simulator epochs 0–3)")
struct HistoryEndToEndTests {
    struct EventRow: Hashable, CustomStringConvertible {
        var ticketID: Int
        var observedAt: String
        var field: String
        var old: String?
        var new: String?
        var replies: Int
        var notes: Int
        var description: String {
            "#\(ticketID) \(observedAt) \(field) \(old ?? "NULL")→\(new ?? "NULL") +\(replies)r +\(notes)n"
        }
    }

    static func configuration(epoch: Int) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 11, ticketCount: 1_200)
        configuration.epoch = epoch
        configuration.openShare = 0.3
        configuration.changeRate = 0.25
        return configuration
    }

    static let credentials = HelpdeskCredentials.whmcs(
        identifier: SimulatorConfiguration.defaultIdentifier, secret: SimulatorConfiguration.defaultSecret)

    /// The rows the store should hold for an epoch's changes, in the store's own field order.
    static func expectedRows(_ changes: [SimulatedChange], epoch: Int) -> [EventRow] {
        let observedAt = SimulatedDataset.end(ofEpoch: epoch).description
        var rows: [EventRow] = []
        for change in changes {
            var fields = change.fields.map {
                EventRow(
                    ticketID: change.ticketID, observedAt: observedAt, field: $0.field, old: $0.old, new: $0.new,
                    replies: 0, notes: 0)
            }
            if fields.isEmpty {
                fields = [
                    EventRow(
                        ticketID: change.ticketID, observedAt: observedAt, field: "activity", old: nil,
                        new: nil, replies: 0, notes: 0)
                ]
            }
            fields[0].replies = change.repliesAdded
            fields[0].notes = change.notesAdded
            rows += fields
        }
        return rows
    }

    @Test func syncsRecordExactlyWhatTheHelpdeskChangedAndTheReportsAgree() async throws {
        let dir = try TestPaths.scratchDirectory("history")
        let db = dir.appendingPathComponent("tickets.sqlite").path
        // Each sync runs "at" the end of its epoch, so its observations fall on the day the
        // simulator changed things.
        let clock = ManualWallClock()
        let store = try TicketStore(path: db, access: .readWrite, wallClock: clock.read)
        let plans = Mutex<[SyncPlan]>([])
        var syncRequests: [Int: [String: Int]] = [:]

        for epoch in 0...3 {
            clock.set(SimulatedDataset.end(ofEpoch: epoch))
            try await withHelpdeskSimulator(Self.configuration(epoch: epoch)) { endpoint in
                var connection = try HelpdeskConnection(url: endpoint.whmcsURL, auth: .whmcs, allowHTTP: true)
                connection.concurrency = 8
                let outcome: Result<IngestSummary, IngestError>
                if epoch == 0 {
                    outcome = try await Ingester.run(
                        IngestRequest(selection: .range(from: 1, to: 1_200)), over: connection,
                        credentials: Self.credentials, store: store, logger: Logger(label: "test"))
                } else {
                    outcome = try await Ingester.sync(
                        SyncOptions(), over: connection, credentials: Self.credentials, store: store,
                        logger: Logger(label: "test"),
                        onEvent: { event in
                            if case .syncPlanned(let plan) = event { plans.withLock { $0.append(plan) } }
                        })
                    syncRequests[epoch] = endpoint.stats.requestsByAction
                }
                let summary = try outcome.get()
                #expect(summary.counts.failed == 0, "epoch \(epoch): \(summary)")
            }
        }

        // Every sync listed and fetched only what changed.
        #expect(plans.withLock { $0.map(\.mode) } == [.changeAware, .changeAware, .changeAware])
        let dataset = Self.configuration(epoch: 3).dataset
        for epoch in 1...3 {
            let changed = dataset.changes(epoch: epoch).count
            let asked = syncRequests[epoch]?["GetTicket"] ?? 0
            // New tickets are changes too (`created`); the 5 are the misses past the highest id.
            #expect(
                asked <= changed + 5,
                "epoch \(epoch): \(asked) Get Ticket requests for \(changed) changes; \(plans.withLock { $0[epoch - 1].line })"
            )
        }

        // ticket_events: a `created` row per ticket at epoch 0, then exactly the simulator's changes.
        let rows = try store.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ticket_id, observed_at, field, old_value, new_value, replies_added, notes_added
                    FROM ticket_events ORDER BY ticket_id, event_id
                    """
            ).map {
                EventRow(
                    ticketID: $0[0], observedAt: $0[1], field: $0[2], old: $0[3], new: $0[4], replies: $0[5],
                    notes: $0[6])
            }
        }
        let initial = Self.configuration(epoch: 0).dataset
        #expect(
            rows.filter { $0.observedAt == SimulatedDataset.end(ofEpoch: 0).description }.count
                == initial.ids.filter { initial.contains(id: $0) }.count)
        for epoch in 1...3 {
            let observedAt = SimulatedDataset.end(ofEpoch: epoch).description
            let stored = rows.filter { $0.observedAt == observedAt }
            let expected = Self.expectedRows(dataset.changes(epoch: epoch), epoch: epoch)
            #expect(
                stored == expected,
                "epoch \(epoch): \(Set(stored).symmetricDifference(expected).sorted { $0.ticketID < $1.ticketID }.prefix(6))"
            )
            #expect(expected.contains { $0.field == "status" && $0.old == "Closed" }, "epoch \(epoch) reopens a ticket")
        }
        // The store ends where the helpdesk is; the renamed department shows its new name.
        let statuses = try store.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT ticket_id, status FROM tickets").map {
                    ($0[0] as Int, $0[1] as String)
                })
        }
        for id in 1...dataset.lastID(atEpoch: 3) {
            #expect(statuses[id] == dataset.ticket(id: id)?.status, "ticket \(id)")
        }
        let renamed = try store.read { db in
            try String.fetchOne(
                db, sql: "SELECT dept_name FROM departments WHERE dept_id = ?",
                arguments: [SimulatedDataset.renamedDepartmentID])
        }
        #expect(renamed == SimulatedDataset.renamedDepartmentName)

        // The reports, through the binary as a user runs them.
        try checkBacklog(db: db, dataset: dataset)
        try await checkReopensAndTimeToClose(db: db, dataset: dataset)
    }

    /// `backlog` for the days the syncs covered equals the simulator's own end-of-day counts.
    func checkBacklog(db: String, dataset: SimulatedDataset) throws {
        let result = try CommandLineRunner.run(
            ["report", "run", "backlog", "--from", "2026-11-20", "--to", "2026-11-23", "--format", "csv", "--db", db])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = lines.first.map { $0.map(String.init) } ?? []
        let day = try #require(header.firstIndex(of: "day"), "\(header)")
        let open = try #require(header.firstIndex(of: "open_at_end"), "\(header)")
        let estimated = try #require(header.firstIndex(of: "estimated"), "\(header)")
        var byDay: [String: (open: Int, estimated: String)] = [:]
        for line in lines.dropFirst() { byDay[String(line[day])] = (Int(line[open]) ?? -1, String(line[estimated])) }
        for epoch in 0...3 {
            var atEpoch = Self.configuration(epoch: epoch)
            atEpoch.epoch = epoch
            let date = String(SimulatedDataset.end(ofEpoch: epoch).description.prefix(10))
            #expect(
                byDay[date]?.open == atEpoch.dataset.openCount, "\(date): \(byDay[date].map { "\($0)" } ?? "missing")")
            #expect(byDay[date]?.estimated == "0", "\(date) was observed")
        }
    }

    /// `reopens` and `time-to-close` for the synced days equal a second computation from the
    /// simulator's ground truth.
    func checkReopensAndTimeToClose(db: String, dataset: SimulatedDataset) async throws {
        // Tickets whose close was observed in epochs 1–3, when, and whether they came back later.
        var firstClose: [Int: Int] = [:]
        var reopenedAfterClose: Set<Int> = []
        for epoch in 1...3 {
            for change in dataset.changes(epoch: epoch) {
                for field in change.fields where field.field == "status" {
                    if field.new == "Closed", field.old != "Closed" {
                        if firstClose[change.ticketID] == nil { firstClose[change.ticketID] = epoch }
                    } else if field.old == "Closed", firstClose[change.ticketID] != nil {
                        reopenedAfterClose.insert(change.ticketID)
                    }
                }
            }
        }
        let closed = firstClose.count
        let rate = Double(reopenedAfterClose.count) / Double(closed)
        let reopens = try CommandLineRunner.run(
            ["report", "run", "reopens", "--from", "2026-11-21", "--to", "2026-11-23", "--format", "json", "--db", db])
        #expect(reopens.status == 0, "\(reopens)")
        let total = try #require(try Self.totalRow(reopens.stdout), "\(reopens)")
        #expect(total["closed"] as? Int == closed, "\(total)")
        #expect(total["reopened"] as? Int == reopenedAfterClose.count, "\(total)")
        #expect(abs((total["reopen_rate"] as? Double ?? -1) - rate) < 1e-9, "\(total) vs \(rate)")

        // Time to close: observed close − opened_at, median and p90 (PERCENTILE.INC) in hours.
        var hours: [Double] = []
        for (id, epoch) in firstClose {
            let opened = try #require(
                Self.configuration(epoch: 0).dataset.ticket(id: id)?.openedAt ?? dataset.ticket(id: id)?.openedAt)
            hours.append(
                Double(SimulatedDataset.end(ofEpoch: epoch).secondsSinceEpoch - opened.secondsSinceEpoch) / 3600)
        }
        let ttc = try CommandLineRunner.run(
            [
                "report", "run", "time-to-close", "--from", "2026-11-21", "--to", "2026-11-23", "--format", "json",
                "--db", db,
            ])
        #expect(ttc.status == 0, "\(ttc)")
        let row = try #require(try Self.totalRow(ttc.stdout), "\(ttc)")
        #expect(row["closed"] as? Int == closed, "\(row)")
        #expect(abs((row["median_hours"] as? Double ?? -1) - Self.percentile(hours, 0.5)) < 1e-6, "\(row)")
        #expect(abs((row["p90_hours"] as? Double ?? -1) - Self.percentile(hours, 0.9)) < 1e-6, "\(row)")
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let rank = p * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }

    /// The "All departments" row of a report's JSON output.
    static func totalRow(_ json: String) throws -> [String: Any]? {
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let rows = (parsed as? [[String: Any]]) ?? ((parsed as? [String: Any])?["rows"] as? [[String: Any]]) ?? []
        return rows.first { $0["department"] as? String == "All departments" }
    }
}
