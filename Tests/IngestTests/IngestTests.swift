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

/// Ingest against the simulator on 127.0.0.1: real HTTP, real SQLite files.
@Suite("Ingest against the simulator")
struct IngestTests {
    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    static func request(_ selection: IngestRequest.Selection, concurrency: Int = 8, retries: Int = 6)
        -> IngestRequest
    {
        IngestRequest(
            selection: selection, concurrency: concurrency, retries: retries, stopAfterMissing: 20,
            baseBackoff: .milliseconds(5), maxBackoff: .milliseconds(50), batchSize: 64)
    }

    static func ingest(
        _ endpoint: SimulatorEndpoint, into store: TicketStore, _ request: IngestRequest,
        credentials: HelpdeskCredentials = .bearer(token: SimulatorConfiguration.defaultToken), url: String? = nil
    ) async throws -> IngestSummary {
        let configuration = HelpdeskClientConfiguration(
            url: URL(string: url ?? endpoint.url)!, credentials: credentials, timeout: .seconds(10),
            maxConnections: request.concurrency)
        return try await withHelpdeskClient(configuration, logger: logger) { client in
            try await Ingester(fetcher: client, store: store, logger: logger).run(
                request,
                runInfo: .init(
                    url: endpoint.url, authStyle: credentials.styleName, requestText: "test", optionsJSON: "{}"))
        }
    }

    func count(_ store: TicketStore, _ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func everyTicketExactlyOnceDespiteFaults() async throws {
        var configuration = SimulatorConfiguration(seed: 11, ticketCount: 600, quirks: true)
        configuration.faults = FaultConfiguration(spreading: 0.05, retryAfterSeconds: 0)
        let dataset = configuration.dataset
        let existing = dataset.ids.filter { dataset.contains(id: $0) }
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)

        try await withHelpdeskSimulator(configuration) { endpoint in
            let summary = try await Self.ingest(endpoint, into: store, Self.request(.range(from: 1, to: 600)))
            #expect(summary.outcome == .completed)
            #expect(summary.counts.stored == existing.count)
            #expect(summary.counts.notFound == 600 - existing.count)
            #expect(summary.counts.failed == 0)
            #expect(summary.counts.retries > 0)  // faults really happened
            #expect(endpoint.stats.faultsInjected.values.reduce(0, +) > 10)

            #expect(try count(store, "SELECT count(*) FROM tickets") == existing.count)
            #expect(try count(store, "SELECT count(DISTINCT ticket_id) FROM tickets") == existing.count)
            #expect(
                try count(store, "SELECT count(*) FROM fetch_log WHERE outcome = 'not_found'") == 600 - existing.count)
            #expect(try count(store, "SELECT count(*) FROM fetch_log WHERE outcome = 'failed'") == 0)
            let replies = existing.reduce(0) { $0 + (dataset.ticket(id: $1)?.replies.count ?? 0) }
            #expect(try count(store, "SELECT count(*) FROM replies") == replies)
            // Each stored ticket equals the simulator's, reply for reply.
            let sample = try store.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT subject, dept_name, status FROM tickets WHERE ticket_id = ?",
                    arguments: [existing[7]])!
            }
            #expect(sample["subject"] == dataset.ticket(id: existing[7])!.subject)

            // The same range again fetches nothing.
            let before = endpoint.stats.requests
            let again = try await Self.ingest(endpoint, into: store, Self.request(.range(from: 1, to: 600)))
            #expect(endpoint.stats.requests == before)
            #expect(again.counts.stored == 0)
            #expect(again.counts.skipped == 600)
        }
    }

    /// The run is interrupted at a known point: ids past 100 hang until cancelled, so when
    /// four of them are waiting, ids 1–100 have all been answered and nothing else has.
    @Test func anInterruptedRunResumesToTheSameStore() async throws {
        let configuration = SimulatorConfiguration(seed: 5, ticketCount: 400)
        let referencePath = try TestPaths.scratchStore("reference")
        let resumedPath = try TestPaths.scratchStore("resumed")

        try await withHelpdeskSimulator(configuration) { endpoint in
            let reference = try TicketStore(path: referencePath, access: .readWrite)
            _ = try await Self.ingest(endpoint, into: reference, Self.request(.range(from: 1, to: 400), concurrency: 4))

            let resumed = try TicketStore(path: resumedPath, access: .readWrite)
            let clientConfiguration = HelpdeskClientConfiguration(
                url: URL(string: endpoint.url)!, credentials: .bearer(token: SimulatorConfiguration.defaultToken),
                maxConnections: 4)
            try await withHelpdeskClient(clientConfiguration, logger: Self.logger) { client in
                let gated = HangingFetcher(fetcher: client, answeredUpTo: 100)
                let task = Task {
                    try await Ingester(fetcher: gated, store: resumed, logger: Self.logger).run(
                        Self.request(.range(from: 1, to: 400), concurrency: 4),
                        runInfo: .init(url: endpoint.url, authStyle: "bearer", requestText: "test", optionsJSON: "{}"))
                }
                while gated.hanging < 4 { try await Task.sleep(for: .milliseconds(5)) }
                task.cancel()
                let interrupted = try await task.value
                #expect(interrupted.outcome == .interrupted)
            }
            // Everything answered before the interruption is committed, nothing after it.
            #expect(try count(resumed, "SELECT count(*) FROM fetch_log") == 100)
            #expect(try count(resumed, "SELECT max(ticket_id) FROM fetch_log") == 100)
            #expect(try count(resumed, "SELECT count(*) FROM ingest_runs WHERE outcome = 'interrupted'") == 1)
            // No half-stored ticket: every ticket row has its metrics and its replies.
            #expect(
                try count(
                    resumed,
                    "SELECT count(*) FROM tickets t LEFT JOIN ticket_metrics m USING (source, ticket_id) WHERE m.ticket_id IS NULL"
                ) == 0)

            let finished = try await Self.ingest(
                endpoint, into: resumed, Self.request(.range(from: 1, to: 400), concurrency: 4))
            #expect(finished.outcome == .completed)
            #expect(finished.counts.skipped == 100)
        }
        #expect(try StoreDigest.of(path: resumedPath) == StoreDigest.of(path: referencePath))
    }

    @Test func aBadTokenStopsAtOnceAndMarksNothing() async throws {
        let path = try TestPaths.scratchStore()
        let store = try TicketStore(path: path, access: .readWrite)
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 200)) { endpoint in
            do {
                _ = try await Self.ingest(
                    endpoint, into: store, Self.request(.range(from: 1, to: 200)),
                    credentials: .bearer(token: "wrong-token"))
                Issue.record("a bad token did not stop the run")
            } catch let error as IngestError {
                #expect(error.kind == .authentication(.credentials))
                #expect(!error.description.contains("wrong-token"))
            }
            #expect(endpoint.stats.idsAsked.count <= 16)  // stopped at once, not after 200 ids
        }
        #expect(try count(store, "SELECT count(*) FROM fetch_log") == 0)
        #expect(try count(store, "SELECT count(*) FROM ingest_runs WHERE outcome = 'failed'") == 1)
    }

    /// When the first 20 answers are all the same error, the run stops there instead of
    /// asking for every id; no more than 20 ids are asked before a good answer arrives.
    @Test func twentySameErrorsFirstStopTheRun() async throws {
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        let error = CannedAnswer(body: Array(#"{"result":"error","message":"Invalid API return"}"#.utf8))
        var configuration = SimulatorConfiguration()
        configuration.cannedAnswers = Dictionary(uniqueKeysWithValues: (1...300).map { ($0, error) })
        try await withHelpdeskSimulator(configuration) { endpoint in
            do {
                _ = try await Self.ingest(endpoint, into: store, Self.request(.range(from: 1, to: 300), concurrency: 8))
                Issue.record("the run went on")
            } catch let error as IngestError {
                #expect(error.kind == .repeatedErrors)
                #expect(
                    error.message
                        == "the first 20 answers were all the same error (HTTP 200: the helpdesk answered: Invalid API return); stopped instead of asking for every id"
                )
                #expect(error.counts.failed == 20)
            }
            #expect(endpoint.stats.idsAsked == Set(1...20))
        }
        // The failed ids are recorded, so --retry-failed asks for just those later.
        #expect(try count(store, "SELECT count(*) FROM fetch_log WHERE outcome = 'failed'") == 20)
    }

    /// One good answer among them shows the URL and credentials work: the rest are per-ticket failures.
    @Test func oneGoodAnswerLetsTheRunGoOn() async throws {
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        let error = CannedAnswer(body: Array(#"{"result":"error","message":"Invalid API return"}"#.utf8))
        var answers = Dictionary(uniqueKeysWithValues: (1...60).map { ($0, error) })
        let example = try TestPaths.fixture("whmcs/tickets/whmcs-8.7-desc-order.json")
        answers[7] = CannedAnswer(
            body: Array(String(decoding: example, as: UTF8.self).replacingOccurrences(of: "3201", with: "7").utf8))
        var configuration = SimulatorConfiguration()
        configuration.cannedAnswers = answers
        try await withHelpdeskSimulator(configuration) { endpoint in
            let summary = try await Self.ingest(
                endpoint, into: store, Self.request(.range(from: 1, to: 60), concurrency: 1))
            #expect(summary.outcome == .partial)
            #expect(summary.counts.stored == 1)
            #expect(summary.counts.failed == 59)
        }
    }

    @Test func whmcsCredentialsWork() async throws {
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 50)) { endpoint in
            let summary = try await Self.ingest(
                endpoint, into: store, Self.request(.range(from: 1, to: 50)),
                credentials: .whmcs(
                    identifier: SimulatorConfiguration.defaultIdentifier, secret: SimulatorConfiguration.defaultSecret),
                url: endpoint.whmcsURL)
            #expect(summary.counts.stored + summary.counts.notFound == 50)
            #expect(summary.counts.stored > 40)
        }
    }

    @Test func openEndedRangesStopAfterConsecutiveMissingIDs() async throws {
        let configuration = SimulatorConfiguration(seed: 3, ticketCount: 150)
        let dataset = configuration.dataset
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        try await withHelpdeskSimulator(configuration) { endpoint in
            let summary = try await Self.ingest(endpoint, into: store, Self.request(.range(from: 1, to: nil)))
            #expect(summary.counts.stored == dataset.ids.filter { dataset.contains(id: $0) }.count)
            // 151…170 are the 20 missing ids that stop the run; ids in flight (and ids that
            // finished out of order while an earlier one was slow) may add up to 2 × concurrency.
            #expect(try count(store, "SELECT count(*) FROM fetch_log WHERE ticket_id > 150") >= 20)
            let beyond = try count(store, "SELECT count(*) FROM fetch_log WHERE ticket_id > 150")
            #expect(beyond <= 20 + 16, "fetched \(beyond) ids past the end")
        }
    }

    @Test func failedIDsAreRecordedAndRetriedAlone() async throws {
        let path = try TestPaths.scratchStore()
        let store = try TicketStore(path: path, access: .readWrite)
        var failing = SimulatorConfiguration(seed: 9, ticketCount: 100)
        failing.faults = FaultConfiguration(rates: [.internalServerError: 0.1], attempts: 100)
        let failed = try await withHelpdeskSimulator(failing) { endpoint in
            try await Self.ingest(endpoint, into: store, Self.request(.range(from: 1, to: 100), retries: 1))
        }
        #expect(failed.outcome == .partial)
        #expect(failed.counts.failed > 0)
        #expect(try count(store, "SELECT count(*) FROM fetch_log WHERE outcome = 'failed'") == failed.counts.failed)
        #expect(
            try count(store, "SELECT count(*) FROM fetch_log WHERE outcome = 'failed' AND attempts = 2")
                == failed.counts.failed)

        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 9, ticketCount: 100)) { endpoint in
            let retried = try await Self.ingest(endpoint, into: store, Self.request(.failedOnly))
            #expect(retried.outcome == .completed)
            #expect(endpoint.stats.requests == failed.counts.failed)
        }
        #expect(try count(store, "SELECT count(*) FROM fetch_log WHERE outcome = 'failed'") == 0)
    }

    @Test func neitherTheTokenNorAnyAccessKeyReachesTheDatabaseFile() async throws {
        let directory = try TestPaths.scratchDirectory("secrets")
        let path = directory.appendingPathComponent("tickets.sqlite").path
        var configuration = SimulatorConfiguration(seed: 21, ticketCount: 120)
        configuration.token = "tok-SECRET-5f3a9c"
        let dataset = configuration.dataset
        do {
            let store = try TicketStore(path: path, access: .readWrite)
            try await withHelpdeskSimulator(configuration) { endpoint in
                _ = try await Self.ingest(
                    endpoint, into: store, Self.request(.range(from: 1, to: 120)),
                    credentials: .bearer(token: configuration.token))
            }
            #expect(try count(store, "SELECT count(*) FROM raw_responses") > 100)
        }
        var bytes = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            bytes.append(try Data(contentsOf: directory.appendingPathComponent(file)))
        }
        #expect(bytes.range(of: Data(configuration.token.utf8)) == nil)
        for id in dataset.ids where dataset.contains(id: id) {
            #expect(bytes.range(of: Data(dataset.accessKey(id: id).utf8)) == nil, "access key of ticket \(id) stored")
        }
    }
}

/// Answers ids up to `answeredUpTo` through `fetcher`; every later id hangs until its task
/// is cancelled, which puts an interruption at a known place in the run.
final class HangingFetcher: TicketFetching {
    let fetcher: any TicketFetching
    let answeredUpTo: Int
    private let waiting = Mutex(0)

    init(fetcher: any TicketFetching, answeredUpTo: Int) {
        self.fetcher = fetcher
        self.answeredUpTo = answeredUpTo
    }

    /// How many requests are hanging now.
    var hanging: Int { waiting.withLock { $0 } }

    func getTicket(_ lookup: TicketLookup) async throws(HelpdeskError) -> GetTicketResult {
        guard case .id(let id) = lookup, id > answeredUpTo else { return try await fetcher.getTicket(lookup) }
        waiting.withLock { $0 += 1 }
        defer { waiting.withLock { $0 -= 1 } }
        do {
            while true { try await Task.sleep(for: .seconds(3_600)) }
        } catch {
            throw HelpdeskError(.transient, message: "cancelled")
        }
    }
}
