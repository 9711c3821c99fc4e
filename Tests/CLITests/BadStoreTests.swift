import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// A `--db` that is not a sound ticketreport store is refused with one line, exit 3, and
/// its bytes are left exactly as they were: nothing is converted, migrated or written.
@Suite("Bad stores (real files)")
struct BadStoreTests {
    static let token = ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken]

    enum Kind: String, CaseIterable, Sendable {
        case text, otherApp, corrupt, newerSchema
    }

    /// Makes a bad store of `kind` in `dir`; `good` is a real store to start from.
    static func make(_ kind: Kind, in dir: URL, from good: String) throws -> String {
        let path = dir.appendingPathComponent("\(kind.rawValue).sqlite").path
        switch kind {
        case .text:
            try Data("id,subject\n1,this is a CSV file, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        case .otherApp:
            // Another program's SQLite file (rollback journal, not WAL) given by mistake.
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(
                    sql:
                        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)"
                )
            }
            try queue.close()
        case .newerSchema:
            try FileManager.default.copyItem(atPath: good, toPath: path)
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
            try queue.close()
        case .corrupt:
            try corrupt(good, into: path)
        }
        // No -wal or -shm beside it: the bytes of the main file are the whole store.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        return path
    }

    /// Overwrites 1 KiB in the middle of one page after another until SQLite's own
    /// `quick_check` calls the copy corrupt (the middle of a page may be free space).
    static func corrupt(_ good: String, into path: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: good))
        let pageSize = 4_096
        for page in stride(from: 2, to: original.count / pageSize, by: 1) {
            var bytes = original
            let start = page * pageSize + pageSize / 2 - 512
            bytes.replaceSubrange(start..<(start + 1_024), with: [UInt8](repeating: 0xA5, count: 1_024))
            try bytes.write(to: URL(fileURLWithPath: path))
            let verdict: String
            do {
                verdict = try StoreFile.integrity(path)
            } catch {
                verdict = "\(error)"
            }
            if verdict != "ok" {
                // The read-only check may leave an empty -wal/-shm behind; the copy is the file alone.
                try? FileManager.default.removeItem(atPath: path + "-wal")
                try? FileManager.default.removeItem(atPath: path + "-shm")
                return
            }
        }
        Issue.record("no page of \(good) could be corrupted")
    }

    @Test(arguments: Kind.allCases)
    func aBadStoreIsRefusedAndLeftUntouched(kind: Kind) async throws {
        let dir = try TestPaths.scratchDirectory("badstore")
        let good = dir.appendingPathComponent("good.sqlite").path
        let configuration = SimulatorConfiguration(seed: 5, ticketCount: 300)
        try await withHelpdeskSimulator(configuration) { endpoint in
            let made = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "200", "--db", good], environment: Self.token)
            try #require(made.status == 0, "\(made)")
            let path = try Self.make(kind, in: dir, from: good)
            let before = try #require(StoreFile.bytes(path))

            let commands: [[String]] = [
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "300", "--db", path],
                ["sync", "--url", endpoint.url, "--db", path],
                ["query", "SELECT count(*) FROM tickets", "--db", path],
            ]
            let requestsBefore = endpoint.stats.requests
            for arguments in commands {
                let result = try await CommandLineRunner.runAsync(arguments, environment: Self.token)
                defer { #expect(StoreFile.bytes(path) == before, "\(kind) \(arguments[0]) changed the file's bytes") }
                // Reads do not scan the whole file first: SQLite reports a damaged page
                // only when a query reaches it.
                if kind == .corrupt, arguments[0] == "query" { continue }
                #expect(result.status == 3, "\(kind) \(arguments[0]): \(result)")
                #expect(result.stderr.isOneErrorLine, "\(kind) \(arguments[0]): \(result)")
                #expect(result.stderr.contains(path), "\(kind) \(arguments[0]): the message names the file: \(result)")
                #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"), "\(result)")
                #expect(result.stdout.isEmpty, "\(kind) \(arguments[0]): \(result)")
            }
            #expect(
                endpoint.stats.requests == requestsBefore,
                "\(kind): nothing was fetched for a store that cannot take it")
        }
        let after = try #require(StoreFile.bytes(dir.appendingPathComponent("\(kind.rawValue).sqlite").path))
        #expect(!after.isEmpty)
    }

    @Test func theMessagesSayWhatIsWrong() async throws {
        let dir = try TestPaths.scratchDirectory("badstore-messages")
        let good = dir.appendingPathComponent("good.sqlite").path
        try await withHelpdeskSimulator(SimulatorConfiguration(seed: 5, ticketCount: 200)) { endpoint in
            let made = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "200", "--db", good], environment: Self.token)
            try #require(made.status == 0, "\(made)")
            let expected: [Kind: String] = [
                .text: "is not an SQLite database",
                .otherApp: "is an SQLite database but not a ticketreport store",
                .corrupt: "corrupt",
                .newerSchema: "was written by a newer ticketreport",
            ]
            for kind in Kind.allCases {
                let path = try Self.make(kind, in: dir, from: good)
                let result = try await CommandLineRunner.runAsync(
                    ["ingest", "--url", endpoint.url, "--from", "1", "--to", "5", "--db", path], environment: Self.token
                )
                #expect(result.stderr.contains(expected[kind]!), "\(kind): \(result)")
            }
        }
    }
}
