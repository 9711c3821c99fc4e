import Foundation
import GRDB
import TestSupport
import Testing
import TicketStore

/// `export replies` of a store with 1,100,000 replies: past Excel's 1,048,576 rows the XLSX
/// continues on "Replies (2)" with exact row counts, and the built binary's peak RSS stays
/// under a fixed bound whatever the row count, because rows stream from the SQLite cursor
/// straight into libxlsxwriter's constant-memory mode (or the CSV writer).
@Suite("Exports past Excel's row limit (real files)")
struct ExportScaleTests {
    static let replies = 1_100_000
    static let repliesPerTicket = 5
    /// Peak RSS allowed for any export, in MiB. A streamed export of this store needs about
    /// 40 MiB (mostly the Swift runtime and libraries); holding the rows would need over 1 GiB.
    static let peakLimitMiB = 100

    /// The store, built once per test run: tickets and replies written by SQLite itself from
    /// a recursive CTE (a few seconds), through a store created by the real migrations.
    static let store: Result<String, TestFailure> = {
        do {
            let path = try TestPaths.scratchStore("export-scale")
            let store = try TicketStore(path: path, access: .readWrite)
            let tickets = replies / repliesPerTicket
            try store.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO tickets (source, ticket_id, tid, dept_id, dept_name, user_id, contact_id, name, email,
                            cc, opened_at, subject, status, priority, admin, opened_by_admin, last_reply_at, flag, service,
                            fetched_at)
                        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(tickets))
                        SELECT 'default', i, printf('%06d', i), 1, 'Support', 1 + i % 997, 0, 'Customer ' || (i % 997),
                               'c' || (i % 997) || '@example.com', '',
                               datetime('2025-01-01 00:00:00', printf('+%d minutes', i * 2)),
                               '=HYPERLINK("http://x","' || i || '")', 'Closed', 'Medium', NULL, 0, NULL, 0, '',
                               '2026-11-29 00:00:00'
                        FROM n;
                        INSERT INTO replies (source, ticket_id, position, reply_id, user_id, contact_id, name, email,
                            created_at, message, attachment, admin, rating, is_admin, is_opening)
                        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(replies - 1))
                        SELECT 'default', 1 + i / \(repliesPerTicket), i % \(repliesPerTicket), i, 0, 0, '', '',
                               datetime('2025-01-01 00:00:00',
                                        printf('+%d minutes', (1 + i / \(repliesPerTicket)) * 2 + (i % \(repliesPerTicket)) * 7)),
                               'message ' || i, '', CASE WHEN i % 2 = 1 THEN 'Alice' END,
                               CASE WHEN i % 10 = 1 THEN 1 + i % 5 END, i % 2, CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END
                        FROM n;
                        """)
            }
            return .success(path)
        } catch {
            return .failure(TestFailure("cannot build the 1.1M-reply store: \(error)"))
        }
    }()

    /// The store, built on a thread of its own so no cooperative thread waits on SQLite.
    static func storePath() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: store.mapError { $0 as any Error }) }
        }
    }

    @Test func aMillionRowsContinueOnASecondSheetInBoundedMemory() async throws {
        let db = try await Self.storePath()
        let dir = try TestPaths.scratchDirectory("export-scale-out")
        defer {
            // This test is the store's only reader; it is a few hundred MB.
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: db).deletingLastPathComponent())
        }
        let firstSheet = 1_048_575
        let secondSheet = Self.replies - firstSheet

        let xlsx = dir.appendingPathComponent("replies.xlsx")
        let run = try await PeakMemory.runAsync(
            ["export", "replies", "--db", db, "--columns", "ticket_id,position,created_at,rating", "-o", xlsx.path])
        try #require(run.status == 0, "exit \(run.status)\n\(run.stdout)\n\(run.stderr)")
        #expect(
            run.stdout
                == "Wrote \(xlsx.path): 1,100,000 rows on 2 sheets (\"Replies\" 1,048,575 rows, \"Replies (2)\" 51,425 rows)\n"
        )
        #expect(
            run.stderr
                == "Note: sheet \"Replies\" reached Excel's limit of 1048576 rows; continued on \"Replies (2)\"\n")
        #expect(run.peakKiB > 0 && run.peakKiB < Self.peakLimitMiB * 1024, "peak RSS \(run.peakKiB / 1024) MiB")

        // Counted from the sheet XML itself, header rows included.
        let counts = try ExportReader.counts("xlsx", xlsx)
        #expect(counts["sheet:Replies"] == firstSheet + 1)
        #expect(counts["sheet:Replies (2)"] == secondSheet + 1)
        #expect(counts["formulas"] == 0)
        try FileManager.default.removeItem(at: xlsx)

        let csv = dir.appendingPathComponent("tickets.csv")
        let csvRun = try await PeakMemory.runAsync(["export", "replies", "--db", db, "-o", csv.path])
        try #require(csvRun.status == 0, "exit \(csvRun.status)\n\(csvRun.stderr)")
        #expect(csvRun.stdout == "Wrote \(csv.path): 1,100,000 rows\n")
        #expect(
            csvRun.peakKiB > 0 && csvRun.peakKiB < Self.peakLimitMiB * 1024, "peak RSS \(csvRun.peakKiB / 1024) MiB")
        let csvCounts = try ExportReader.counts("csv", csv)
        #expect(csvCounts["records"] == Self.replies)
        #expect(csvCounts["columns"] == 11)
    }
}

extension PeakMemory {
    /// ``run(_:timeout:)`` on a thread of its own, so the waiting test holds no cooperative thread.
    static func runAsync(_ arguments: [String], environment: [String: String] = [:], timeout: Int = 600)
        async throws -> Run
    {
        try await offThread { try run(arguments, environment: environment, timeout: timeout) }
    }
}
