import Foundation
import GRDB
import HelpdeskAPI
import HelpdeskSimulator
import TestSupport
import Testing
import TicketStore

/// `ticketreport rebuild` and `check` on a store written by the previous release
/// (`Tests/Fixtures/stores/v2-before-real-world-shapes.sqlite`, see its README): ten corpus
/// tickets that release stored wrongly (replies without `replyid` all became the opening
/// message) and 39 simulated ones.
@Suite("rebuild and check (CLI)")
struct RebuildAndCheckTests {
    static let fixture = TestPaths.repositoryRoot.appendingPathComponent(
        "Tests/Fixtures/stores/v2-before-real-world-shapes.sqlite")
    static let derivedTables = ["tickets", "replies", "notes", "ticket_metrics", "reply_waits", "departments"]

    /// A scratch copy of the old store.
    static func oldStore(_ label: String) throws -> String {
        let path = try TestPaths.scratchStore(label)
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    /// What a fresh ingest of the same bodies stores: each raw body decoded by today's code
    /// and written through the store's write path.
    static func freshStore(from old: String) throws -> String {
        let bodies = try StoreFile.read(old) { db in
            try Row.fetchAll(db, sql: "SELECT source, ticket_id, body FROM raw_responses ORDER BY source, ticket_id")
        }
        let path = try TestPaths.scratchStore("fresh")
        let store = try TicketStore(path: path, access: .readWrite)
        for row in bodies {
            let body: Data = row["body"]
            guard
                case .ticket(let ticket, let raw) = try GetTicketResponse.classify(
                    status: 200, retryAfter: nil, body: Array(body))
            else { throw TestFailure("ticket \(row["ticket_id"] as Int) does not decode") }
            try store.writeSync([.ticket(ticket, rawBody: raw, attempts: 1, httpStatus: 200)], source: row["source"])
        }
        return path
    }

    static func digest(_ path: String) throws -> [String: String] {
        let all = try StoreDigest.of(path: path)
        return Dictionary(
            uniqueKeysWithValues: derivedTables.map { name in
                (name, all.tables[name].map { "\($0.count) rows \($0.checksum)" } ?? "missing")
            })
    }

    /// The old store, rebuilt, holds exactly the rows a fresh ingest of the same bodies gives,
    /// and nothing reaches the network: the helpdesk configured for it gets no request.
    @Test func rebuildGivesWhatAFreshIngestGivesWithoutTheNetwork() async throws {
        let old = try Self.oldStore("rebuild")
        let before = try StoreFile.read(old) { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM ticket_metrics WHERE source = 'default' AND frt_seconds IS NULL")
        }
        // 3188, 3190, 4001 unanswered, 4003 undated; 204 and 205 lost theirs to the old release.
        #expect(before == 6)
        let config = URL(fileURLWithPath: old).deletingLastPathComponent().appendingPathComponent("ticketreport.yaml")
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 10)) { endpoint in
            try Data("source: { url: \"\(endpoint.url)\" }\n".utf8).write(to: config)
            let result = try await CommandLineRunner.runAsync(
                ["rebuild", "--db", old, "--config", config.path],
                environment: ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken])
            #expect(result.status == 0, "\(result)")
            // Every ticket changed: the old rows predate the derivation in force.
            #expect(result.stdout.hasPrefix("Rebuilt 49 tickets from stored responses in "), "\(result)")
            #expect(result.stdout.hasSuffix(" s; 49 changed\n"), "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            #expect(endpoint.stats.requests == 0, "rebuild touched the network")
        }
        #expect(try Self.digest(old) == Self.digest(try Self.freshStore(from: old)))
        // The corpus tickets now hold the reviewed rows.
        let corpus = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/whmcs/tickets")
        for (file, id) in [("whmcs-5.2-no-replyid-no-contactid", 204), ("legacy-desc-no-replyid", 205)] {
            let expected = try String(contentsOf: corpus.appendingPathComponent("\(file).rows.txt"), encoding: .utf8)
            #expect(try StoreRows.dump(path: old, ticketID: id) == expected, "\(file)")
        }
        #expect(try StoreFile.integrity(old) == "ok")

        // Again: nothing left to change.
        let again = try CommandLineRunner.run(["rebuild", "--db", old])
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix(" s; 0 changed\n"), "\(again)")
    }

    /// A stored body that no longer decodes is named, its ticket left as it was (exit 2);
    /// every other ticket is rebuilt.
    @Test func anUndecodableResponseIsNamedAndLeftAlone() throws {
        let old = try Self.oldStore("undecodable")
        let queue = try DatabaseQueue(path: old)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE raw_responses SET body = CAST('<html>gone</html>' AS BLOB) WHERE ticket_id = 3120")
        }
        try queue.close()
        _ = try TicketStore(path: old, access: .readWrite)  // migrated, as rebuild does first
        let untouched = try StoreRows.dump(path: old, ticketID: 3_120)
        let result = try CommandLineRunner.run(["rebuild", "--db", old])
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.hasPrefix("Rebuilt 48 tickets from stored responses"), "\(result)")
        #expect(
            result.stderr
                == "Error: 1 stored response(s) no longer decode and their tickets were left as they were: 3120 (the URL is not a Get Ticket endpoint: it answered HTTP 200: \"<html>gone</html>\"); `ticketreport check` lists them all\n"
        )
        #expect(try StoreRows.dump(path: old, ticketID: 3_120) == untouched)
        let check = try CommandLineRunner.run(["check", "--db", old, "--format", "csv"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("Stored responses that no longer decode: 3120"), "\(check)")
    }

    /// check names what bends the figures; after a rebuild the store-level findings are gone
    /// and the data's own remain.
    @Test func checkListsFindingsWithCountsAndExamples() throws {
        let old = try Self.oldStore("check")
        // Read-only commands do not migrate a store; they say what does.
        let refused = try CommandLineRunner.run(["check", "--db", old])
        #expect(refused.status == 3)
        #expect(
            refused.stderr
                == "Error: \(old) uses an older schema; run `ticketreport rebuild` once to upgrade it (and re-derive its tickets)\n"
        )
        // What an ingest into the old store does first: migrate, keeping the old rows.
        _ = try TicketStore(path: old, access: .readWrite)
        let before = try CommandLineRunner.run(["check", "--db", old, "--format", "json"])
        #expect(before.status == 0, "\(before)")
        let rows = try Self.findings(before.stdout)
        #expect(rows["Tickets derived by an older ticketreport"]?.tickets == 49)
        #expect(rows["Tickets derived by an older ticketreport"]?.examples == "1, 2, 3, 4, 5, 6, 8, 9, 10, 11")

        #expect(try CommandLineRunner.run(["rebuild", "--db", old]).status == 0)
        let after = try Self.findings(try CommandLineRunner.run(["check", "--db", old, "--format", "json"]).stdout)
        #expect(after["Tickets derived by an older ticketreport"] == nil)
        #expect(after["Replies sent without reply ids (WHMCS before 7)"]?.tickets == 2)
        #expect(after["Replies sent without reply ids (WHMCS before 7)"]?.examples == "204, 205")
        #expect(after["Replies dated before the ticket was opened (clock skew)"]?.examples == "4002")
        #expect(after["Replies without a usable date (0000-00-00)"]?.examples == "4003")
        #expect(
            after["Closed tickets with an empty opening message (merged into another ticket)"]?.examples == "3190")
        let month = try CommandLineRunner.run(["check", "--db", old, "--month", "2013-05"])
        #expect(month.status == 0)
        #expect(
            month.stdout == """
                1 finding(s) in tickets opened in 2013-05:
                - Replies sent without reply ids (WHMCS before 7): 1 ticket(s) (e.g. 204)
                  Numbered by date; the opening message is the entry dated the ticket's date and written by its requester. Nothing to do.

                """)
        let quiet = try CommandLineRunner.run(["check", "--db", old, "--month", "2014-03"])
        #expect(quiet.stdout == "No findings: nothing in tickets opened in 2014-03 bends a figure.\n")
    }

    /// The findings of `check --format json`, by their first words.
    static func findings(_ json: String) throws -> [String: (tickets: Int, examples: String)] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        var result: [String: (tickets: Int, examples: String)] = [:]
        for row in rows {
            let finding = try #require(row["finding"] as? String)
            let key = String(finding.split(separator: ":", maxSplits: 1)[0])
            result[key] = ((row["tickets"] as? Int) ?? -1, (row["examples"] as? String) ?? "")
        }
        return result
    }
}
