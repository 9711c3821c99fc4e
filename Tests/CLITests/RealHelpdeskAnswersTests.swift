import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// `ticketreport ingest` against a helpdesk that answers the way real WHMCS installs do:
/// the simulator on loopback serving the conformance corpus (`Tests/Fixtures/whmcs`).
@Suite("Real helpdesk answers (real HTTP)")
struct RealHelpdeskAnswersTests {
    static let token = ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken]
    static let corpus = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/whmcs")

    /// Every error answer of the corpus but the missing ticket, which is no error.
    static let errorAnswers = CorpusErrorAnswer.all.filter { $0.expect != "not_found" }

    /// What the one line must say for each kind of answer: the cause and what to do.
    static let advice: [String: String] = [
        "refused:ipNotAllowed": "add that address to the API IP allow-list",
        "refused:ipBanned": "has banned this machine's IP address",
        "refused:credentials": "authentication failed (bearer auth): the helpdesk refused the credentials",
        "refused:accessKey": "check TICKETREPORT_ACCESS_KEY",
        "refused:permissions": "allow GetTicket in the credential's API role",
        "refused:accessDenied": "the helpdesk denied access",
        "not_an_endpoint": "the URL is not a Get Ticket endpoint: it answered HTTP",
        "error": "the first 20 answers were all the same error",
    ]

    /// A wrong URL, a refused address or a refusing API stops the run at once (exit 3, one
    /// line naming the cause and the fix) after asking at most 20 ids, not 200.
    @Test(arguments: errorAnswers)
    func anErrorAnswerStopsTheRunAtOnce(_ answer: CorpusErrorAnswer) async throws {
        var configuration = SimulatorConfiguration(ticketCount: 200)
        configuration.faults.everyAnswer = CannedAnswer(
            status: answer.status, contentType: answer.contentType, body: try answer.body())
        let db = try TestPaths.scratchStore("answer")
        try await withHelpdeskSimulator(configuration) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "200", "--db", db], environment: Self.token)
            #expect(result.status == 3, "\(answer.file): \(result)")
            #expect(result.stderr.isOneErrorLine, "\(answer.file): \(result)")
            let advice = try #require(Self.advice[answer.expect])
            #expect(result.stderr.contains(advice), "\(answer.file): \(result.stderr)")
            // Ids, not requests: a transient failure on a loaded machine may be retried.
            #expect(endpoint.stats.idsAsked.count <= 20, "\(answer.file): \(endpoint.stats)")
            #expect(!result.stderr.contains("KPqH7yG3"), "no access key in the message")
        }
        let outcome = try StoreFile.read(db) { db in
            try String.fetchOne(db, sql: "SELECT outcome FROM ingest_runs")
        }
        #expect(outcome == "failed")
    }

    /// The address the helpdesk names is quoted, so the user knows which one to allow.
    @Test func aRefusedAddressIsNamed() async throws {
        var configuration = SimulatorConfiguration(ticketCount: 10)
        configuration.faults.everyAnswer = CannedAnswer(
            status: 400, body: Array(#"{"result":"error","message":"Invalid IP 127.0.0.1"}"#.utf8))
        try await withHelpdeskSimulator(configuration) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "10", "--db", try TestPaths.scratchStore()],
                environment: Self.token)
            #expect(
                result.stderr
                    == "Error: the helpdesk refused this machine's IP address (it answered \"Invalid IP 127.0.0.1\"): add that address to the API IP allow-list (WHMCS: Setup > General Settings > Security > API IP Access Restriction), or set an API access key in TICKETREPORT_ACCESS_KEY. Nothing more was fetched.\n"
            )
            #expect(result.status == 3)
            #expect(result.stdout.isEmpty)
        }
    }

    /// The corpus's tickets fetched over HTTP store exactly the reviewed rows that decoding
    /// the same bodies directly gives (`tickets/*.rows.txt`).
    @Test func theCorpusIngestedOverHTTPStoresTheReviewedRows() async throws {
        // The docs' examples all say ticket 1; these have ids of their own.
        let files = [
            "seed-bearer-api", "whmcs-5.2-no-replyid-no-contactid", "legacy-desc-no-replyid",
            "whmcs-8.7-wire-numbers-escapes", "whmcs-8.7-guest-undefined", "whmcs-8.7-merged-child",
            "whmcs-8.7-desc-order", "quirk-nulls-and-empty-replies", "quirk-clock-skew", "quirk-undated-admin-reply",
        ]
        var answers: [Int: CannedAnswer] = [:]
        var ids: [String: Int] = [:]
        for file in files {
            let body = try Data(contentsOf: Self.corpus.appendingPathComponent("tickets/\(file).json"))
            let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let id = try #require((object["ticketid"] as? Int) ?? Int(object["ticketid"] as? String ?? ""))
            answers[id] = CannedAnswer(body: Array(body))
            ids[file] = id
        }
        var configuration = SimulatorConfiguration()
        configuration.cannedAnswers = answers
        let dir = try TestPaths.scratchDirectory("corpus-http")
        let db = dir.appendingPathComponent("tickets.sqlite").path
        let list = dir.appendingPathComponent("ids.txt")
        try Data(answers.keys.sorted().map(String.init).joined(separator: "\n").utf8).write(to: list)
        try await withHelpdeskSimulator(configuration) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--ids", list.path, "--db", db], environment: Self.token)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.hasPrefix("Done: \(files.count) stored, 0 not found, 0 failed"), "\(result)")
        }
        for (file, id) in ids {
            let expected = try String(
                contentsOf: Self.corpus.appendingPathComponent("tickets/\(file).rows.txt"), encoding: .utf8)
            #expect(try StoreRows.dump(path: db, ticketID: id) == expected, "\(file)")
        }
        let raw = try StoreFile.read(db) { db in try Data.fetchAll(db, sql: "SELECT body FROM raw_responses") }
        #expect(raw.count == files.count)
        #expect(raw.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("\"c\"") })
    }
}
