import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import TicketStore

/// `rebuild` (decode every stored response again and rewrite its ticket) against the store
/// write path on the same tickets, in the same run: decoding and the change count should add
/// little to what writing the rows costs.
enum RebuildBench {
    static func run(tickets count: Int) throws {
        let dataset = SimulatedDataset(seed: 1, ticketCount: count, quirks: true)
        var decoded: [(Ticket, [UInt8])] = []
        for id in dataset.ids {
            guard let body = dataset.responseBody(id: id),
                case .ticket(let ticket, let raw) = try GetTicketResponse.classify(
                    status: 200, retryAfter: nil, body: body)
            else { continue }
            decoded.append((ticket, raw))
        }
        let batches = stride(from: 0, to: decoded.count, by: 256).map {
            Array(decoded[$0..<min($0 + 256, decoded.count)])
        }

        // The store write path alone: the same tickets, already decoded, without raw bodies.
        let writePath = scratchPath("rebuild-write.sqlite")
        let writeStore = try TicketStore(path: writePath, access: .readWrite)
        let writeSeconds = try measure {
            for batch in batches {
                try writeStore.writeSync(
                    batch.map { .ticket($0.0, rawBody: nil, attempts: 1, httpStatus: 200) }, source: "default")
            }
        }

        // A store holding the raw bodies, then rebuilt from them.
        let rebuildPath = scratchPath("rebuild-store.sqlite")
        let store = try TicketStore(path: rebuildPath, access: .readWrite)
        for batch in batches {
            try store.writeSync(
                batch.map { .ticket($0.0, rawBody: $0.1, attempts: 1, httpStatus: 200) }, source: "default")
        }
        var summary: RebuildSummary?
        let rebuildSeconds = try measure { summary = try store.rebuild(.everything) }
        guard let summary, summary.rebuilt == decoded.count, summary.changed == 0 else {
            throw BenchError("rebuild re-derived \(summary?.rebuilt ?? 0) of \(decoded.count) or changed tickets")
        }

        let rebuildRate = Double(decoded.count) / rebuildSeconds
        let writeRate = Double(decoded.count) / writeSeconds
        BenchReport.emit(
            BenchFigure(
                name: "rebuild.tickets_per_s", value: rebuildRate, unit: "tickets/s", ratio: rebuildRate / writeRate,
                baseline: "of store-write tickets/s, same tickets", goal: ">= 0.7x"))
    }
}
