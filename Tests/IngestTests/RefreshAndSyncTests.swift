import Foundation
import GRDB
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import TestSupport
import Testing
import TicketStore

@Suite("Refresh, id lists and sync")
struct RefreshAndSyncTests {
    func count(_ store: TicketStore, _ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func refreshOpenFetchesOnlyTicketsThatAreNotClosed() async throws {
        let configuration = SimulatorConfiguration(seed: 8, ticketCount: 200)
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        try await withHelpdeskSimulator(configuration) { endpoint in
            _ = try await IngestTests.ingest(endpoint, into: store, IngestTests.request(.range(from: 1, to: 200)))
            let open = try count(store, "SELECT count(*) FROM tickets WHERE status <> 'Closed'")
            #expect(open > 0)
            let before = endpoint.stats.requests
            var request = IngestTests.request(.range(from: 1, to: 200))
            request.refresh = .open(closedStatuses: ["Closed"])
            let summary = try await IngestTests.ingest(endpoint, into: store, request)
            #expect(endpoint.stats.requests - before == open)
            #expect(summary.counts.stored == open)

            var all = IngestTests.request(.range(from: 1, to: 200))
            all.refresh = .all
            let everything = try await IngestTests.ingest(endpoint, into: store, all)
            #expect(everything.counts.stored + everything.counts.notFound == 200)
        }
    }

    @Test func anIDListIsFetchedOnceEach() async throws {
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 8, ticketCount: 200)) { endpoint in
            let summary = try await IngestTests.ingest(
                endpoint, into: store, IngestTests.request(.ids([5, 9, 5, 150, 9, 1000])))
            #expect(summary.counts.stored + summary.counts.notFound == 4)
            #expect(endpoint.stats.requests == 4)
            #expect(
                try count(store, "SELECT count(*) FROM fetch_log WHERE ticket_id = 1000 AND outcome = 'not_found'") == 1
            )
        }
    }

    @Test func syncContinuesAfterTheHighestStoredTicketAndRefreshesOpenOnes() async throws {
        let db = try TestPaths.scratchStore()
        let configuration = SimulatorConfiguration(seed: 12, ticketCount: 120)
        let dataset = configuration.dataset
        try await withHelpdeskSimulator(configuration) { endpoint in
            let first = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "60", "--db", db],
                environment: ["TICKETREPORT_TOKEN": configuration.token])
            #expect(first.status == 0, "\(first)")
            let reader = try TicketStore(path: db, access: .readOnly)
            let open = try count(reader, "SELECT count(*) FROM tickets WHERE status <> 'Closed'")

            let before = endpoint.stats.requests
            let sync = try await CommandLineRunner.runAsync(
                ["sync", "--url", endpoint.url, "--db", db, "--stop-after-missing", "10"],
                environment: ["TICKETREPORT_TOKEN": configuration.token])
            #expect(sync.status == 0, "\(sync)")
            let existing = dataset.ids.filter { dataset.contains(id: $0) }
            #expect(try count(reader, "SELECT count(*) FROM tickets") == existing.count)
            // Open tickets refreshed, ids 61…120 fetched, then at least 10 missing ids past the end.
            let requests = endpoint.stats.requests - before
            #expect(requests >= open + 60 + 10)
            #expect(requests <= open + 60 + 10 + 2 * 8)
        }
    }
}
