import Foundation
import HelpdeskAPI
import Ingest
import TestSupport
import Testing
import TicketStore

@Suite("Ingest requests")
struct IngestRequestTests {
    /// sync continues after the highest stored ticket and refreshes the ones not closed.
    @Test func syncPlansFromTheStore() throws {
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        let empty = try IngestRequest.sync(store: store, source: "default", closedStatuses: ["Closed"], from: 5)
        #expect(empty.selection == .range(from: 5, to: nil))
        #expect(empty.extraIDs.isEmpty)

        func ticket(_ id: Int, _ status: String) -> FetchRecord {
            .ticket(
                Ticket(ticketID: id, openedAt: at("2026-10-05 09:00:00"), status: status), rawBody: nil, attempts: 1,
                httpStatus: 200)
        }
        try store.writeSync([ticket(3, "Open"), ticket(7, "Closed"), ticket(9, "Customer-Reply")], source: "default")
        let request = try IngestRequest.sync(
            store: store, source: "default", closedStatuses: ["Closed"], stopAfterMissing: 10)
        #expect(request.selection == .range(from: 10, to: nil))
        #expect(request.extraIDs == [3, 9])
        #expect(request.stopAfterMissing == 10)
        #expect(request.requestText == "open-ended from 10 + 2 open tickets")
        let options = request.optionsJSON(client: ["timeout_s": 30.0])
        #expect(options.hasPrefix("{\"concurrency\":8,\"rate_per_s\":null,\"refresh\":\"none\",\"retries\":6"))
        #expect(options.contains("\"timeout_s\":30"))
    }

    @Test func idsFilesAreParsedOrRefusedByLine() throws {
        let dir = try TestPaths.scratchDirectory("ids")
        let good = dir.appendingPathComponent("good.txt")
        try Data("12, 40\n# a comment\n77 # and another\n\n".utf8).write(to: good)
        #expect(try IngestRequest.Selection(idsFile: good.path) == .ids([12, 40, 77]))
        let bad = dir.appendingPathComponent("bad.txt")
        try Data("12\nabc\n".utf8).write(to: bad)
        #expect(throws: IngestError.self) { try IngestRequest.Selection(idsFile: bad.path) }
        do {
            _ = try IngestRequest.Selection(idsFile: bad.path)
        } catch {
            #expect(error.message == "\(bad.path) line 2: 'abc' is not a ticket id")
            #expect(error.kind == .invalidRequest)
        }
    }
}
