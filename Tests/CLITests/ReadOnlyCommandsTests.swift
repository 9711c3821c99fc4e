import Foundation
import HelpdeskSimulator
import TestSupport
import Testing

/// `query` and `report run` only read: SQL that writes is refused, a report name cannot
/// leave the reports folders, a parameter is bound and never spliced. The store file's
/// bytes are the proof.
@Suite("Reporting commands only read (real files)")
struct ReadOnlyCommandsTests {
    static func makeStore() async throws -> (dir: URL, db: String) {
        let dir = try TestPaths.scratchDirectory("readonly")
        let db = dir.appendingPathComponent("tickets.sqlite").path
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 8, ticketCount: 60)) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "60", "--db", db],
                environment: ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken])
            try #require(result.status == 0, "\(result)")
        }
        return (dir, db)
    }

    @Test
    func queryRefusesEveryWrite() async throws {
        let (dir, db) = try await Self.makeStore()
        let before = try #require(StoreFile.bytes(db))
        let attached = dir.appendingPathComponent("attached.sqlite").path
        let written = dir.appendingPathComponent("written.txt").path
        for sql in [
            "DELETE FROM tickets", "SELECT 1; DROP TABLE tickets", "WITH x AS (SELECT 1) DELETE FROM tickets",
            "ATTACH DATABASE '\(attached)' AS other", "PRAGMA query_only = OFF", "CREATE TEMP TABLE t (x)",
            "UPDATE tickets SET subject = 'x'", "SELECT load_extension('/tmp/nothing')",
            "SELECT writefile('\(written)', 'x')", "VACUUM INTO '\(attached)'",
        ] {
            let result = try await CommandLineRunner.runAsync(["query", sql, "--db", db], directory: dir)
            #expect(result.status == 1, "\(sql): \(result)")
            #expect(result.stderr.isOneErrorLine, "\(sql): \(result)")
            #expect(StoreFile.bytes(db) == before, "\(sql) changed the store")
        }
        #expect(!FileManager.default.fileExists(atPath: attached))
        #expect(!FileManager.default.fileExists(atPath: written))
        #expect(try StoreFile.count(db, "SELECT count(*) FROM tickets") > 0)
    }

    @Test
    func reportNamesCannotLeaveTheReportsFolders() async throws {
        let (dir, db) = try await Self.makeStore()
        let work = dir.appendingPathComponent("work")
        try FileManager.default.createDirectory(
            at: work.appendingPathComponent("reports"), withIntermediateDirectories: true)
        try Data("SELECT 'escaped' AS x;\n".utf8).write(to: dir.appendingPathComponent("evil.sql"))
        for name in ["../evil", "../../evil", "reports/../../evil", "/etc/passwd", "..", "evil.sql/../x"] {
            let result = try await CommandLineRunner.runAsync(["report", "run", name, "--db", db], directory: work)
            #expect(result.status == 1, "\(name): \(result)")
            #expect(result.stderr.isOneErrorLine, "\(name): \(result)")
            #expect(!result.stdout.contains("escaped"), "\(name) ran a file outside reports/")
        }
    }

    @Test
    func aParameterIsBoundNeverSpliced() async throws {
        let (dir, db) = try await Self.makeStore()
        let before = try #require(StoreFile.bytes(db))
        let reports = dir.appendingPathComponent("custom")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data(
            """
            /*
            title: Tickets of one department
            params: { dept: string }
            */
            SELECT count(*) AS n FROM tickets WHERE dept_name = :dept;
            """.utf8
        ).write(to: reports.appendingPathComponent("by-dept.sql"))
        let injection = "dept='; DROP TABLE tickets; --"
        let report = try await CommandLineRunner.runAsync(
            [
                "report", "run", "by-dept", "--reports-dir", reports.path, "--param", injection, "--db", db, "--format",
                "csv",
            ],
            directory: dir)
        #expect(report.status == 0, "\(report)")
        #expect(report.stdout.split(whereSeparator: \.isNewline).last == "0", "\(report)")
        let query = try await CommandLineRunner.runAsync(
            [
                "query", "SELECT count(*) AS n FROM tickets WHERE dept_name = :dept", "--param", injection, "--db", db,
                "--format", "csv",
            ],
            directory: dir)
        #expect(query.status == 0, "\(query)")
        #expect(query.stdout.split(whereSeparator: \.isNewline).last == "0", "\(query)")
        #expect(StoreFile.bytes(db) == before)
        #expect(try StoreFile.count(db, "SELECT count(*) FROM tickets") > 0)
    }
}
