import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import Logging
import TicketStore

/// Where ingest time goes at latency 0: HTTP + decode alone, and the pipeline alone.
enum IngestBreakdownBench {
    struct InMemoryFetcher: TicketFetching {
        let dataset: SimulatedDataset
        func getTicket(_ lookup: TicketLookup) async throws(HelpdeskError) -> GetTicketResult {
            guard case .id(let id) = lookup, let ticket = dataset.ticket(id: id) else { return .notFound }
            return .ticket(ticket, rawBody: [])
        }
    }

    static func run() async throws {
        let tickets = 6_000
        let concurrency = 8
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        // The pipeline without HTTP: scheduling, metrics, batch writes.
        let dataset = SimulatedDataset(seed: 1, ticketCount: tickets)
        let store = try TicketStore(path: scratchPath("breakdown.sqlite"), access: .readWrite)
        let pipeline = try await Ingester(fetcher: InMemoryFetcher(dataset: dataset), store: store, logger: logger).run(
            IngestRequest(selection: .range(from: 1, to: tickets), concurrency: concurrency),
            runInfo: .init(url: "memory", authStyle: "none", requestText: "bench", optionsJSON: "{}"))
        print("pipeline only: \(Int(Double(tickets) / pipeline.elapsedSeconds)) ids/s")

        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 1, ticketCount: tickets)) { endpoint in
            let configuration = HelpdeskClientConfiguration(
                url: URL(string: endpoint.url)!, credentials: .bearer(token: "sim-token"), maxConnections: concurrency)
            let seconds = try await withHelpdeskClient(configuration, logger: logger) { client in
                await measureAsync {
                    await withTaskGroup(of: Void.self) { group in
                        var next = 1
                        for _ in 0..<concurrency {
                            let id = next
                            next += 1
                            group.addTask { _ = try? await client.getTicket(.id(id)) }
                        }
                        while await group.next() != nil, next <= tickets {
                            let id = next
                            next += 1
                            group.addTask { _ = try? await client.getTicket(.id(id)) }
                        }
                    }
                }
            }
            print("client (HTTP + decode) only: \(Int(Double(tickets) / seconds)) ids/s")
        }
    }
}
