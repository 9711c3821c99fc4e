import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import TicketStore

/// Decoding Get Ticket bodies vs Foundation's JSONSerialization parsing the same bytes.
enum DecodeBench {
    static func run(count: Int = 5_000) throws {
        let dataset = SimulatedDataset(seed: 1, ticketCount: count, quirks: true)
        let bodies = dataset.ids.compactMap { dataset.responseBody(id: $0) }
        let bytes = bodies.reduce(0) { $0 + $1.count }
        var tickets = 0
        let ours = try measure {
            for body in bodies {
                if case .ticket = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: body) {
                    tickets += 1
                }
            }
        }
        let foundation = try measure {
            for body in bodies { _ = try JSONSerialization.jsonObject(with: Data(body)) }
        }
        BenchReport.emit(
            BenchFigure(
                name: "decode.tickets_per_s", value: Double(tickets) / ours, unit: "tickets/s",
                ratio: ours / foundation, baseline: "JSONSerialization parse time, \(bytes / bodies.count) B/ticket"))
    }
}
