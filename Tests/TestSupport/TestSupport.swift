import Foundation
import GRDB
import HelpdeskAPI
import TicketStore

/// Paths and scratch files shared by the test targets.
public enum TestPaths {
    /// The repository's root, found from this file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/\(name)"))
    }

    /// A fresh empty folder under the system's temp directory.
    public static func scratchDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ticketreport-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path for a new store file in its own scratch folder.
    public static func scratchStore(_ label: String = "store") throws -> String {
        try scratchDirectory(label).appendingPathComponent("tickets.sqlite").path
    }
}

/// Shorthand for test data: `at("2026-10-05 09:00:00")`.
public func at(_ text: String) -> LocalDateTime {
    guard let date = LocalDateTime(parsing: text) else { fatalError("bad test date \(text)") }
    return date
}

/// Row counts and a content checksum per table: two stores with equal digests hold the same data.
public struct StoreDigest: Equatable, CustomStringConvertible {
    public var tables: [String: (count: Int, checksum: String)]

    public static func == (lhs: StoreDigest, rhs: StoreDigest) -> Bool {
        lhs.tables.keys.sorted() == rhs.tables.keys.sorted()
            && lhs.tables.allSatisfy { key, value in
                rhs.tables[key].map { $0.count == value.count && $0.checksum == value.checksum } ?? false
            }
    }

    public var description: String {
        tables.keys.sorted().map { "\($0): \(tables[$0]!.count) rows \(tables[$0]!.checksum.prefix(12))" }
            .joined(separator: "; ")
    }
}

extension StoreDigest {
    /// Columns that differ between runs that stored the same data (times, attempts, run ids).
    static let volatileColumns: Set<String> = [
        "fetched_at", "updated_at", "run_id", "attempts", "last_error", "http_status",
    ]

    /// Digests every table except `ingest_runs` (one row per run by design).
    public static func of(path: String) throws -> StoreDigest {
        let queue = try DatabaseQueue(
            path: path,
            configuration: {
                var configuration = Configuration()
                configuration.readonly = true
                return configuration
            }())
        return try queue.read { db in
            var tables: [String: (count: Int, checksum: String)] = [:]
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT IN ('ingest_runs', 'grdb_migrations') ORDER BY name
                    """)
            for name in names {
                let columns = try db.columns(in: name).map(\.name).filter { !volatileColumns.contains($0) }
                let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                var count = 0
                let rows = try Row.fetchCursor(db, sql: "SELECT \(list) FROM \"\(name)\" ORDER BY \(list)")
                while let row = try rows.next() {
                    count += 1
                    for value in row.databaseValues {
                        for byte in value.description.utf8 {
                            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                        }
                        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
                    }
                }
                tables[name] = (count, String(hash, radix: 16))
            }
            return StoreDigest(tables: tables)
        }
    }
}
