import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// `sync` as cron runs it: which mode ran and why, in one line, for every way a helpdesk can
/// answer; and the listing's access keys and the credentials never reach the store or the log.
@Suite("Sync modes (real processes)")
struct SyncModesTests {
    static let environment = [
        "TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken,
        "TICKETREPORT_IDENTIFIER": SimulatorConfiguration.defaultIdentifier,
        "TICKETREPORT_SECRET": SimulatorConfiguration.defaultSecret,
    ]

    static func configuration(epoch: Int, listing: Bool = true) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 8, ticketCount: 400)
        configuration.epoch = epoch
        configuration.changeRate = 0.3
        configuration.getTicketsAllowed = listing
        return configuration
    }

    /// A store of epoch 0, ingested through the classic API.
    func ingestedStore() async throws -> String {
        let db = try TestPaths.scratchStore("sync-modes")
        try await withHelpdeskSimulator(Self.configuration(epoch: 0)) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.whmcsURL, "--auth", "whmcs", "--from", "1", "--to", "400", "--db", db],
                environment: Self.environment)
            #expect(result.status == 0, "\(result)")
        }
        return db
    }

    @Test func eachModeSaysOnceWhichRanAndWhy() async throws {
        let cases: [(label: String, listing: Bool, arguments: (SimulatorEndpoint) -> [String], says: String)] = [
            ("classic", true, { ["--url", $0.whmcsURL, "--auth", "whmcs"] }, "Change-aware sync: "),
            (
                "bearer", true, { ["--url", $0.url] },
                "open tickets: this helpdesk's API has no ticket listing (GetTickets needs --auth whmcs)"
            ),
            (
                "refused", false, { ["--url", $0.whmcsURL, "--auth", "whmcs"] },
                "GetTickets did not work here (the helpdesk refused the request: \"Invalid Permissions: API action \"gettickets\" is not allowed\"); allow it in the API role for a change-aware sync"
            ),
            (
                "forced", true, { ["--url", $0.whmcsURL, "--auth", "whmcs", "--full-refresh"] },
                "Full refresh: fetching all "
            ),
        ]
        for test in cases {
            let db = try await ingestedStore()
            try await withHelpdeskSimulator(Self.configuration(epoch: 1, listing: test.listing)) { endpoint in
                let result = try await CommandLineRunner.runAsync(
                    ["sync", "--db", db] + test.arguments(endpoint), environment: Self.environment)
                #expect(result.status == 0, "\(test.label): \(result)")
                #expect(result.stderr.components(separatedBy: test.says).count == 2, "\(test.label): \(result)")
                #expect(result.stdout.hasPrefix("Done: "), "\(test.label): \(result)")
                let listed = endpoint.stats.requestsByAction["GetTickets"] ?? 0
                switch test.label {
                case "classic":
                    #expect(listed >= 1)
                    #expect(result.stderr.contains("no longer active, then new ids from 401."), "\(result)")
                case "refused": #expect(listed == 1, "one refused page, then the fallback")
                default: #expect(listed == 0, "\(test.label) lists nothing")
                }
            }
            // Whatever the mode, the helpdesk's changes are in the history.
            let events = try StoreFile.count(db, "SELECT count(*) FROM ticket_events WHERE field <> 'created'")
            #expect(events > 0, "\(test.label)")
        }
    }

    /// The listing carries every active ticket's access key `c`; at trace level neither it nor
    /// a credential appears in the output or the store's files.
    @Test func theListingsAccessKeysGoNowhere() async throws {
        let db = try await ingestedStore()
        let dataset = Self.configuration(epoch: 1).dataset
        let secrets =
            dataset.ids.filter { dataset.contains(id: $0) }.map { dataset.accessKey(id: $0) }
            + [SimulatorConfiguration.defaultSecret]
        try await withHelpdeskSimulator(Self.configuration(epoch: 1)) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["sync", "--url", endpoint.whmcsURL, "--auth", "whmcs", "--db", db, "--log-level", "trace"],
                environment: Self.environment)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("GetTickets"), "trace logging shows the listing requests")
            let leaked = secrets.filter { result.stdout.contains($0) || result.stderr.contains($0) }
            #expect(leaked.isEmpty, "printed \(leaked.prefix(3))")
        }
        #expect(try SecretsTests.leaks(in: db, of: secrets).isEmpty)
    }

    @Test func badSyncOptionsAreOneLineErrors() throws {
        for (arguments, message) in [
            (["--page-size", "0"], "Error: --page-size must be between 1 and 1000"),
            (["--stop-after-missing", "0"], "Error: --stop-after-missing must be at least 1"),
        ] {
            let result = try CommandLineRunner.run(["sync", "--url", "http://127.0.0.1:9/x"] + arguments)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix(message), "\(result)")
        }
    }
}
