import Config
import Foundation
import Reporting
import Testing

/// The store as reports open it: read-only, with the configuration's calendar and functions.
@Suite struct ConfigStoreTests {
    @Test func theStoreOpensWithTheConfiguredCalendar() throws {
        let store = try TemporaryStore().write([])
        let config = try TicketReportConfig.parse(yaml: "business_hours: { sat: \"10:00-14:00\" }\n", file: "c.yaml")
        let runner = try store.runner(config)
        // Saturday 2026-10-03 09:00 → 15:00: 10:00–14:00 = 4 h.
        let table = try runner.runQuery(sql: "SELECT business_seconds('2026-10-03 09:00:00', '2026-10-03 15:00:00')")
        #expect(table.rows == [[.integer(14_400)]])
    }

    @Test func openingAMissingStoreSaysWhatToDo() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).sqlite")
            .path
        do {
            _ = try TicketReportConfig.default.openStore(path: path)
            Issue.record("opened a missing store")
        } catch {
            #expect(error.kind == .store)
            #expect(error.description.contains(path))
        }
    }
}
