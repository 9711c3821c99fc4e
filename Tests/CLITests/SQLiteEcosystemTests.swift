import Foundation
import TestSupport
import Testing

/// The store is a plain SQLite file the usual tools read: Datasette's JSON API and
/// sqlite-utils answer a built-in report's SQL with the rows `report run` prints. Both come
/// from PyPI through `make setup`; a missing one fails the test with how to install it.
@Suite("The store in the SQLite ecosystem (datasette, sqlite-utils)")
struct SQLiteEcosystemTests {
    /// `ratings` uses no function of ticketreport's own, so any SQLite can run it.
    static let report = "ratings"

    /// The report's SQL as a foreign tool gets it: the front matter comment dropped, and a
    /// `:source` filter (NULL = every source) bound to NULL, which a URL parameter cannot be.
    static func reportSQL() throws -> String {
        let file = TestPaths.repositoryRoot.appendingPathComponent("Sources/Reporting/Reports/\(report).sql")
        let text = try String(contentsOf: file, encoding: .utf8)
        let body = text.range(of: "*/").map { String(text[$0.upperBound...]) } ?? text
        return body.replacingOccurrences(of: ":source", with: "NULL")
    }

    /// What `report run` gives, as JSON rows.
    static func toolRows(store: String, month: String) throws -> [[String: Any]] {
        let result = try CommandLineRunner.run(
            ["report", "run", report, "--month", month, "--format", "json", "--db", store])
        guard result.status == 0 else { throw TestFailure("report run failed: \(result)") }
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return document?["rows"] as? [[String: Any]] ?? []
    }

    static func tool(_ name: String) throws -> String {
        guard let path = ExternalTool.find(name) else {
            throw TestFailure("\(name) is missing: run `make setup` (pip install datasette sqlite-utils)")
        }
        return path
    }

    /// Rows equal value for value: integers and reals as numbers, text as text, NULL as NULL.
    static func same(_ a: [[String: Any]], _ b: [[String: Any]]) -> Bool {
        guard a.count == b.count else { return false }
        for (left, right) in zip(a, b) {
            guard Set(left.keys) == Set(right.keys) else { return false }
            for (key, value) in left {
                let other = right[key]!
                switch (value, other) {
                case (is NSNull, is NSNull): continue
                case (let x as String, let y as String): if x != y { return false }
                case (let x as NSNumber, let y as NSNumber):
                    if abs(x.doubleValue - y.doubleValue) > 1e-9 { return false }
                default: return false
                }
            }
        }
        return true
    }

    @Test func datasetteAnswersABuiltInReportWithTheSameRows() async throws {
        let demo = try await DemoPacks.plain.value
        let datasette = try Self.tool("datasette")
        let expected = try Self.toolRows(store: demo.store, month: demo.month)
        #expect(expected.count >= 2, "the report has rows to compare")

        let port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: datasette)
        // Datasette opens database files read-only (`?mode=ro`), WAL included; `-i` (immutable)
        // would skip a write-ahead log not yet checkpointed.
        process.arguments = ["serve", demo.store, "--host", "127.0.0.1", "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // Its server lingers on SIGTERM while connections close; the test is done with it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? Self.get("\(base)/-/versions.json")) != nil
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready, "datasette did not start on port \(port)")

        let (start, end) = Self.monthRange(demo.month)
        var components = URLComponents(string: "\(base)/tickets.json")!
        components.queryItems = [
            URLQueryItem(name: "sql", value: try Self.reportSQL()), URLQueryItem(name: "month_start", value: start),
            URLQueryItem(name: "month_end", value: end), URLQueryItem(name: "_shape", value: "array"),
        ]
        // A `+` left as it is would reach Datasette as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let data = try Self.get(components.url!.absoluteString)
        let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        #expect(Self.same(rows ?? [], expected), "datasette: \(String(decoding: data.prefix(400), as: UTF8.self))")
    }

    @Test func sqliteUtilsReadsTheStoreAndRunsTheSameSQL() async throws {
        let demo = try await DemoPacks.plain.value
        let sqliteUtils = try Self.tool("sqlite-utils")
        let expected = try Self.toolRows(store: demo.store, month: demo.month)
        let (start, end) = Self.monthRange(demo.month)
        let query = try ExternalTool.run(
            sqliteUtils,
            ["query", demo.store, try Self.reportSQL(), "-p", "month_start", start, "-p", "month_end", end],
            timeout: 60)
        #expect(query.status == 0, "\(query.stderr)")
        let rows = try JSONSerialization.jsonObject(with: query.stdoutData) as? [[String: Any]]
        #expect(Self.same(rows ?? [], expected), "sqlite-utils: \(query.stdout.prefix(400))")

        // Its table listing sees the store's tables with their row counts.
        let tables = try ExternalTool.run(sqliteUtils, ["tables", demo.store, "--counts"], timeout: 60)
        #expect(tables.status == 0, "\(tables.stderr)")
        let listed = try JSONSerialization.jsonObject(with: tables.stdoutData) as? [[String: Any]] ?? []
        let tickets = listed.first { $0["table"] as? String == "tickets" }?["count"] as? Int
        let count = try CommandLineRunner.run(
            ["query", "SELECT count(*) AS n FROM tickets", "--format", "csv", "--db", demo.store])
        #expect(tickets.map(String.init) == count.stdout.split(whereSeparator: \.isNewline).last.map(String.init))
        #expect(listed.contains { $0["table"] as? String == "ticket_events" })
    }

    /// The body of a GET (curl, bounded in time); throws on a connection or HTTP error.
    static func get(_ url: String) throws -> Data {
        let run = try ExternalTool.run("/usr/bin/env", ["curl", "-sf", "--max-time", "20", url], timeout: 30)
        guard run.status == 0 else { throw TestFailure("GET \(url): curl exit \(run.status) \(run.stderr)") }
        return run.stdoutData
    }

    /// `[first day, first day of the next month)` as the store's text.
    static func monthRange(_ month: String) -> (String, String) {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        let next = parts[1] == 12 ? (parts[0] + 1, 1) : (parts[0], parts[1] + 1)
        return (
            String(format: "%04d-%02d-01 00:00:00", parts[0], parts[1]),
            String(format: "%04d-%02d-01 00:00:00", next.0, next.1)
        )
    }

    /// A port nothing listens on right now (the kernel's choice for a socket bound to 0).
    static func freePort() throws -> Int {
        let run = try ExternalTool.run(
            "/usr/bin/env",
            ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"],
            timeout: 10)
        guard let port = Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("no free port: \(run.stderr)")
        }
        return port
    }
}
