import Config
import Foundation
import GRDB
import HelpdeskAPI
import TestSupport
import Testing
import TicketStore

/// `TicketStore.rebuild`: resumable, and `.metrics` follows the calendar.
@Suite("Rebuild")
struct RebuildTests {
    static let oldStore = TestPaths.repositoryRoot.appendingPathComponent(
        "Tests/Fixtures/stores/v2-before-real-world-shapes.sqlite")

    func copyOfOldStore() throws -> String {
        let path = try TestPaths.scratchStore("rebuild")
        try FileManager.default.copyItem(atPath: Self.oldStore.path, toPath: path)
        return path
    }

    func derived(_ path: String) throws -> [String] {
        let digest = try StoreDigest.of(path: path)
        return ["tickets", "replies", "notes", "ticket_metrics", "reply_waits", "departments", "store_meta"].map {
            "\($0): \(digest.tables[$0].map { "\($0.count) \($0.checksum)" } ?? "missing")"
        }
    }

    /// Stopped after two batches, then run again, a rebuild ends where an uninterrupted one does.
    @Test func anInterruptedRebuildResumesToTheSameStore() throws {
        let whole = try copyOfOldStore()
        let summary = try TicketStore(path: whole, access: .readWrite).rebuild(.everything, batchSize: 8)
        #expect(summary.rebuilt == 49)
        #expect(!summary.resumed && !summary.interrupted)

        let stopped = try copyOfOldStore()
        var batches = 0
        let first = try TicketStore(path: stopped, access: .readWrite).rebuild(
            .everything, batchSize: 8, shouldStop: { batches >= 2 }, onProgress: { _ in batches += 1 })
        #expect(first.interrupted)
        #expect(first.rebuilt == 16)
        let second = try TicketStore(path: stopped, access: .readWrite).rebuild(.everything, batchSize: 8)
        #expect(second.resumed)
        #expect(!second.interrupted)
        #expect(second.rebuilt == 33)
        #expect(try derived(stopped) == derived(whole))
    }

    /// The stored business-hours FRT is computed with the store's calendar; `.metrics`
    /// recomputes it after the calendar changed, and the store notes which one it used.
    @Test func metricsFollowTheCalendar() throws {
        let path = try TestPaths.scratchStore("calendar")
        let body = Array(try TestPaths.fixture("whmcs/tickets/legacy-desc-no-replyid.json"))
        guard
            case .ticket(let ticket, let raw) = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: body)
        else {
            Issue.record("not a ticket")
            return
        }
        let standard = try TicketStore(path: path, access: .readWrite)
        try standard.writeSync([.ticket(ticket, rawBody: raw, attempts: 1, httpStatus: 200)], source: "default")
        func business() throws -> Int? {
            try standard.read { db in try Int.fetchOne(db, sql: "SELECT frt_business_seconds FROM ticket_metrics") }
        }
        // Monday 16:30 → Tuesday 09:20 in 09–17: 30 + 20 minutes.
        #expect(try business() == 3_000)
        #expect(try standard.metricsCalendarFingerprint() == BusinessCalendar.standard.fingerprint)

        // Mon–Fri 08:00–18:00: 90 + 80 minutes.
        let day = BusinessCalendar.Window(open: 8 * 3600, close: 18 * 3600)
        let longer = BusinessCalendar(windows: [nil, day, day, day, day, day, nil])
        let store = try TicketStore(path: path, access: .readWrite, calendar: longer)
        let summary = try store.rebuild(.metrics)
        #expect(summary.rebuilt == 1)
        #expect(summary.changed == 1)
        #expect(try business() == 10_200)
        #expect(try store.metricsCalendarFingerprint() == longer.fingerprint)
        #expect(try store.rebuild(.metrics).changed == 0)

        // Writing with another calendar than the store's figures used leaves a mixed store.
        try standard.writeSync([.ticket(ticket, rawBody: raw, attempts: 1, httpStatus: 200)], source: "other")
        #expect(try store.metricsCalendarFingerprint() == "mixed")
    }
}
