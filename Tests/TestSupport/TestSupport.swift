import Foundation
import GRDB
import HelpdeskAPI
import TicketStore

/// Paths and scratch files shared by the test targets.
package enum TestPaths {
    /// The repository's root, found from this file's location.
    package static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/\(name)"))
    }

    /// A fresh empty folder under the system's temp directory.
    package static func scratchDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ticketreport-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A read-only connection to a store file, for checking what a test wrote.
    package static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// A path for a new store file in its own scratch folder.
    package static func scratchStore(_ label: String = "store") throws -> String {
        try scratchDirectory(label).appendingPathComponent("tickets.sqlite").path
    }
}

/// Shorthand for test data: `at("2026-10-05 09:00:00")`.
package func at(_ text: String) -> LocalDateTime {
    guard let date = LocalDateTime(parsing: text) else { fatalError("bad test date \(text)") }
    return date
}

/// Row counts and a content checksum per table: two stores with equal digests hold the same data.
package struct StoreDigest: Equatable, CustomStringConvertible {
    package var tables: [String: (count: Int, checksum: String)]

    package static func == (lhs: StoreDigest, rhs: StoreDigest) -> Bool {
        lhs.tables.keys.sorted() == rhs.tables.keys.sorted()
            && lhs.tables.allSatisfy { key, value in
                rhs.tables[key].map { $0.count == value.count && $0.checksum == value.checksum } ?? false
            }
    }

    package var description: String {
        tables.keys.sorted().map { "\($0): \(tables[$0]!.count) rows \(tables[$0]!.checksum.prefix(12))" }
            .joined(separator: "; ")
    }
}

extension StoreDigest {
    /// Columns that differ between runs that stored the same data (times, attempts, run ids).
    static let volatileColumns: Set<String> = [
        "fetched_at", "updated_at", "run_id", "attempts", "last_error", "http_status", "seen_at", "event_id",
        "observed_at",
    ]

    /// Digests every table except `ingest_runs` (one row per run by design).
    package static func of(path: String) throws -> StoreDigest {
        let queue = try TestPaths.readOnlyQueue(path)
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

/// A store's rows for one ticket as text, one line per row, for comparing with a reviewed
/// expectation file: `replies: position=0 reply_id=0 name="Cynthia Reilly" … created_at=NULL`.
///
/// Columns that change from run to run (fetch times) are left out, and so are `source` and
/// `ticket_id`, which every line would repeat.
package enum StoreRows {
    package static let tables = ["tickets", "replies", "notes", "ticket_metrics", "reply_waits", "departments"]
    static let leftOut: Set<String> = ["source", "ticket_id", "fetched_at", "seen_at"]

    package static func dump(path: String, ticketID: Int, source: String = "default") throws -> String {
        let queue = try TestPaths.readOnlyQueue(path)
        return try queue.read { db in
            var lines: [String] = []
            for table in tables {
                let columns = try db.columns(in: table).map(\.name).filter { !leftOut.contains($0) }
                let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                let filter =
                    table == "departments"
                    ? "source = ? AND dept_id = (SELECT dept_id FROM tickets WHERE source = ? AND ticket_id = ?)"
                    : "source = ? AND ticket_id = ?"
                let arguments: StatementArguments =
                    table == "departments" ? [source, source, ticketID] : [source, ticketID]
                let order =
                    columns.contains("position") ? "position" : columns.contains("wait_index") ? "wait_index" : "1"
                let rows = try Row.fetchAll(
                    db, sql: "SELECT \(list) FROM \"\(table)\" WHERE \(filter) ORDER BY \(order)", arguments: arguments)
                for row in rows {
                    let cells = zip(columns, row.databaseValues).map { name, value in "\(name)=\(render(value))" }
                    lines.append("\(table): " + cells.joined(separator: " "))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// NULL, integers and reals as they are, text as a JSON string (escapes visible).
    static func render(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text):
            let data =
                (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        case .blob(let data): return "<\(data.count) bytes>"
        }
    }
}

/// One error answer of the WHMCS conformance corpus (`Tests/Fixtures/whmcs/errors/answers.json`).
package struct CorpusErrorAnswer: Decodable, Sendable, CustomStringConvertible {
    package var file: String
    package var status: Int
    package var contentType: String
    /// not_found, refused:<cause>, not_an_endpoint or error.
    package var expect: String
    package var what: String
    package var description: String { file }

    enum CodingKeys: String, CodingKey {
        case file, status, expect, what
        case contentType = "content_type"
    }

    package static let folder = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/whmcs/errors")

    /// Every answer of the manifest; empty when it cannot be read (a test then fails on it).
    package static let all: [CorpusErrorAnswer] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("answers.json")),
            let answers = try? JSONDecoder().decode([CorpusErrorAnswer].self, from: data)
        else { return [] }
        return answers
    }()

    /// The answer's body as served.
    package func body() throws -> [UInt8] {
        Array(try Data(contentsOf: Self.folder.appendingPathComponent(file)))
    }
}
