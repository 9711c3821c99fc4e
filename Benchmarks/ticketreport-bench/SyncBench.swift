import Config
import Foundation
import GRDB
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import Logging
import TicketStore

/// Requests and wall time of one `sync` after a day of changes: change-aware (GetTickets
/// listing, then only what changed) against refreshing every open ticket, same store, same
/// helpdesk state, same run.
///
/// The helpdesk: 20,000 tickets of which ~2,000 are open; between the two epochs 1 % of the
/// open ones change, ~0.1 % of the closed ones are reopened and 20 tickets are new. Every
/// request waits 20 ms, as a real helpdesk does, so the wall time means something.
enum SyncBench {
    static let tickets = 20_000
    static let pageSize = 100

    static func configuration(epoch: Int, latency: Int) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 5, ticketCount: tickets)
        configuration.epoch = epoch
        configuration.openShare = 0.1
        configuration.changeRate = 0.01
        configuration.newTicketsPerEpoch = 20
        configuration.latencyMilliseconds = latency
        return configuration
    }

    static let credentials = HelpdeskCredentials.whmcs(
        identifier: SimulatorConfiguration.defaultIdentifier, secret: SimulatorConfiguration.defaultSecret)

    static func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let initial = scratchPath("sync-epoch0.sqlite")
        try await withHelpdeskSimulator(configuration(epoch: 0, latency: 0)) { endpoint in
            var connection = try HelpdeskConnection(url: endpoint.whmcsURL, auth: .whmcs, allowHTTP: true)
            connection.concurrency = 16
            let store = try TicketStore(path: initial, access: .readWrite)
            _ = try await Ingester.run(
                IngestRequest(selection: .range(from: 1, to: tickets)), over: connection, credentials: credentials,
                store: store, logger: logger
            ).get()
        }

        struct Outcome {
            var requests: Int
            var getTicket: Int
            var seconds: Double
            var path: String
        }
        func sync(fullRefresh: Bool) async throws -> Outcome {
            let path = scratchPath(fullRefresh ? "sync-refresh-all.sqlite" : "sync-change-aware.sqlite")
            // The ingest's store is closed by now; a WAL left behind travels with the file.
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: initial + suffix) {
                try FileManager.default.copyItem(atPath: initial + suffix, toPath: path + suffix)
            }
            return try await withHelpdeskSimulator(configuration(epoch: 1, latency: 20)) { endpoint in
                let connection = try HelpdeskConnection(url: endpoint.whmcsURL, auth: .whmcs, allowHTTP: true)
                let store = try TicketStore(path: path, access: .readWrite)
                let seconds = try await measureAsync {
                    _ = try await Ingester.sync(
                        SyncOptions(pageSize: pageSize, fullRefresh: fullRefresh), over: connection,
                        credentials: credentials, store: store, logger: logger
                    ).get()
                }
                let stats = endpoint.stats
                return Outcome(
                    requests: stats.requests, getTicket: stats.requestsByAction["GetTicket"] ?? 0, seconds: seconds,
                    path: path)
            }
        }
        let changeAware = try await sync(fullRefresh: false)
        let refreshAll = try await sync(fullRefresh: true)

        let before = configuration(epoch: 0, latency: 0).dataset
        let changes = before.changes(epoch: 1)
        let new = changes.filter { $0.fields.first?.field == "created" }.count
        let open = before.openCount
        let bound = (open + pageSize - 1) / pageSize + (changes.count - new) + new + 5
        BenchReport.emit(
            BenchFigure(
                name: "sync-requests.change_aware", value: Double(changeAware.requests), unit: "requests",
                ratio: Double(refreshAll.requests) / Double(changeAware.requests),
                baseline:
                    "fewer than refresh-all's \(refreshAll.requests); \(open) open, \(changes.count - new) changed, \(new) new, page \(pageSize): bound \(bound)",
                goal: "<= \(bound) and >= 10x fewer"))
        BenchReport.emit(
            BenchFigure(
                name: "sync-requests.refresh_all", value: Double(refreshAll.requests), unit: "requests", ratio: nil,
                baseline: nil, goal: nil))
        BenchReport.emit(
            BenchFigure(
                name: "sync-wall.change_aware", value: changeAware.seconds, unit: "s",
                ratio: refreshAll.seconds / changeAware.seconds,
                baseline:
                    "faster than refresh-all's \(String(format: "%.2f", refreshAll.seconds)) s, 20 ms per request",
                goal: nil))
        // A saving only counts if the store ends where the helpdesk is: tickets whose stored
        // status, priority, department, flag or last reply differ from the helpdesk's own.
        let after = configuration(epoch: 1, latency: 0).dataset
        let truth = (1...after.lastID(atEpoch: 1)).compactMap { id in
            after.ticket(id: id).map {
                "\(id) \($0.status) \($0.priority) \($0.departmentID) \($0.flag) \($0.lastReplyAt?.description ?? "")"
            }
        }
        let stale = { (path: String) throws -> Int in
            let stored = try DatabaseQueue(path: path).read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT ticket_id || ' ' || status || ' ' || priority || ' ' || dept_id || ' ' || flag || ' '
                            || coalesce(last_reply_at, '') FROM tickets
                        """)
            }
            return Set(truth).subtracting(stored).count
        }
        BenchReport.emit(
            BenchFigure(
                name: "sync.stale_tickets.change_aware", value: Double(try stale(changeAware.path)), unit: "tickets",
                ratio: nil, baseline: "differing from the helpdesk after the sync", goal: "0"))
        BenchReport.emit(
            BenchFigure(
                name: "sync.stale_tickets.refresh_all", value: Double(try stale(refreshAll.path)), unit: "tickets",
                ratio: nil, baseline: "closed tickets reopened since are not refreshed", goal: nil))
    }
}
