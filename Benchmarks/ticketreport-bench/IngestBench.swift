import AsyncHTTPClient
import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import Logging
import NIOCore
import NIOHTTP1
import TicketStore

/// Ingest against the in-process simulator vs a bare fetch loop and vs the ideal rate.
enum IngestBench {
    static func run() async throws {
        for latency in [0, 20] {
            for concurrency in [1, 8, 32] {
                // Enough tickets for a few seconds of work at the expected rate.
                let tickets = latency == 0 ? 6_000 : min(4_000, concurrency * 50 * 4)
                var configuration = SimulatorConfiguration(seed: 1, ticketCount: tickets)
                configuration.latencyMilliseconds = latency
                try await withHelpdeskSimulator(configuration) { endpoint in
                    let clientConfiguration = HelpdeskClientConfiguration(
                        url: URL(string: endpoint.url)!, credentials: .bearer(token: configuration.token),
                        maxConnections: concurrency)
                    var logger = Logger(label: "bench")
                    logger.logLevel = .critical
                    let bare = try await bareLoop(
                        url: endpoint.url, token: configuration.token, ids: Array(1...tickets), concurrency: concurrency
                    )
                    let store = try TicketStore(
                        path: scratchPath("ingest-\(latency)-\(concurrency).sqlite"), access: .readWrite)
                    let summary = try await withHelpdeskClient(clientConfiguration, logger: logger) { client in
                        try await Ingester(fetcher: client, store: store, logger: logger).run(
                            IngestRequest(selection: .range(from: 1, to: tickets), concurrency: concurrency),
                            runInfo: .init(
                                url: endpoint.url, authStyle: "bearer", requestText: "bench", optionsJSON: "{}"))
                    }
                    let rate = Double(tickets) / summary.elapsedSeconds
                    let name = "ingest.c\(concurrency).latency\(latency)ms.ids_per_s"
                    if latency == 0 {
                        BenchReport.emit(
                            BenchFigure(
                                name: name, value: rate, unit: "ids/s", ratio: rate / bare,
                                baseline: "bare fetch loop (\(Int(bare)) req/s)", goal: ">= 0.7x"))
                    } else {
                        let ideal = Double(concurrency) / (Double(latency) / 1000)
                        BenchReport.emit(
                            BenchFigure(
                                name: name, value: rate, unit: "ids/s", ratio: rate / ideal,
                                baseline: "ideal concurrency/latency (\(Int(ideal))/s)", goal: ">= 0.9x"))
                    }
                }
            }
        }
    }

    /// The same client library, server and requests, with bodies discarded: the HTTP ceiling.
    static func bareLoop(url: String, token: String, ids: [Int], concurrency: Int) async throws -> Double {
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        pool.retryConnectionEstablishment = false
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: pool))
        let seconds = try await measureAsync {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var iterator = ids.makeIterator()
                func add() -> Bool {
                    guard let id = iterator.next() else { return false }
                    group.addTask {
                        let built = GetTicketRequest(lookup: .id(id), credentials: .bearer(token: token))
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        for (name, value) in built.headers { request.headers.add(name: name, value: value) }
                        request.body = .bytes(ByteBuffer(bytes: built.body))
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 64 << 20)
                    }
                    return true
                }
                for _ in 0..<concurrency where add() {}
                while try await group.next() != nil { _ = add() }
            }
        }
        try await client.shutdown()
        return Double(ids.count) / seconds
    }
}
