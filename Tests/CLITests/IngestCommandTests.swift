import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// The built `ticketreport` binary, run the way a user runs it.
@Suite("ticketreport ingest (CLI)")
struct IngestCommandTests {
    @Test func helpListsTheCommands() throws {
        let result = try CommandLineRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: ticketreport"))
        #expect(result.stdout.contains("ingest"))
        #expect(result.stdout.contains("sync"))
        let ingest = try CommandLineRunner.run(["ingest", "--help"])
        #expect(ingest.status == 0)
        #expect(ingest.stdout.contains("--url <url>"))
        #expect(ingest.stdout.contains("--token-file"))
        #expect(!ingest.stdout.contains("--token <"))  // tokens never come from argv
    }

    @Test func aMissingURLIsAOneLineUsageError() throws {
        let result = try CommandLineRunner.run(["ingest", "--from", "1", "--to", "5"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Error: missing --url (the helpdesk's Get Ticket endpoint, or source.url in ticketreport.yaml) (see 'ticketreport ingest --help')\n"
        )
        #expect(result.stdout.isEmpty)
    }

    @Test func aBackwardsRangeIsAOneLineUsageError() throws {
        let result = try CommandLineRunner.run(["ingest", "--url", "http://127.0.0.1:1/x", "--from", "10", "--to", "5"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Error: --to 5 is before --from 10 (the range runs upwards) (see 'ticketreport ingest --help')\n")
    }

    @Test func plainHTTPToARemoteHostIsRefused() throws {
        let result = try CommandLineRunner.run(
            ["ingest", "--url", "http://support.example.com/api", "--from", "1", "--to", "2"],
            environment: ["TICKETREPORT_TOKEN": "t"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("plain http://"))
    }

    @Test func aMissingTokenSaysWhereToPutIt() throws {
        let db = try TestPaths.scratchStore()
        let result = try CommandLineRunner.run([
            "ingest", "--url", "http://127.0.0.1:9/x", "--from", "1", "--to", "2", "--db", db,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr == "Error: no API token: set TICKETREPORT_TOKEN or pass --token-file FILE (bearer auth)\n")
    }

    @Test func aRefusedConnectionIsFatalOnceRetriesAreSpent() throws {
        let db = try TestPaths.scratchStore()
        let result = try CommandLineRunner.run(
            ["ingest", "--url", "http://127.0.0.1:9/api", "--from", "1", "--to", "3", "--retries", "2", "--db", db],
            environment: ["TICKETREPORT_TOKEN": "tok"])
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("Error: cannot reach http://127.0.0.1:9/api after 2 retries"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func ingestsStoresAndSummarises() async throws {
        let db = try TestPaths.scratchStore()
        let configuration = SimulatorConfiguration(seed: 4, ticketCount: 80)
        let dataset = configuration.dataset
        let stored = dataset.ids.filter { dataset.contains(id: $0) }.count
        try await withHelpdeskSimulator(configuration) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "80", "--db", db, "--log-level", "trace"],
                environment: ["TICKETREPORT_TOKEN": configuration.token])
            #expect(result.status == 0, "\(result)")
            #expect(
                result.stdout.hasPrefix(
                    "Done: \(stored) stored, \(80 - stored) not found, 0 failed, 0 skipped, 0 retries in "))
            // Trace logging shows requests, never the token.
            #expect(result.stderr.contains("trace"))
            #expect(!result.stdout.contains(configuration.token) && !result.stderr.contains(configuration.token))

            let again = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "80", "--db", db],
                environment: ["TICKETREPORT_TOKEN": configuration.token])
            #expect(again.status == 0)
            #expect(again.stdout.hasPrefix("Done: 0 stored, 0 not found, 0 failed, 80 skipped"))
        }
        let options = try await DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: "SELECT options FROM ingest_runs")
        }
        #expect(options.count == 2)
        #expect(options[0].contains("\"concurrency\":8"))
    }

    @Test func aBadTokenExitsThreeAndMarksNothing() async throws {
        let db = try TestPaths.scratchStore()
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 50)) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "50", "--db", db],
                environment: ["TICKETREPORT_TOKEN": "not-the-token"])
            #expect(result.status == 3)
            #expect(result.stderr.contains("authentication failed (bearer auth)"))
            #expect(result.stderr.contains("check TICKETREPORT_TOKEN"))
            #expect(!result.stderr.contains("not-the-token"))
        }
        let fetched = try await DatabaseQueue(path: db).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM fetch_log")
        }
        #expect(fetched == 0)
    }

    @Test func aTokenFileReadableByOthersGetsAWarning() async throws {
        let dir = try TestPaths.scratchDirectory()
        let tokenFile = dir.appendingPathComponent("token").path
        try Data("sim-token\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 5)) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                [
                    "ingest", "--url", endpoint.url, "--from", "1", "--to", "5", "--token-file", tokenFile,
                    "--db", dir.appendingPathComponent("t.sqlite").path,
                ])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("Warning: \(tokenFile) is readable by other users (chmod 600 \(tokenFile))"))
        }
    }

    @Test func partialFailuresExitTwoAndNameTheRetry() async throws {
        let db = try TestPaths.scratchStore()
        var configuration = SimulatorConfiguration(seed: 2, ticketCount: 60)
        configuration.faults = FaultConfiguration(rates: [.internalServerError: 0.2], attempts: 50)
        try await withHelpdeskSimulator(configuration) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "60", "--retries", "0", "--db", db],
                environment: ["TICKETREPORT_TOKEN": configuration.token])
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("ticket(s) still failed after 0 retries"))
            #expect(result.stderr.contains("--retry-failed"))
        }
    }
}

@Suite("ticketreport ingest, interrupted (CLI)")
struct InterruptTests {
    @Test func ctrlCCommitsWhatIsCompleteAndSaysHowToResume() async throws {
        let db = try TestPaths.scratchStore()
        var configuration = SimulatorConfiguration(seed: 6, ticketCount: 2000)
        configuration.latencyMilliseconds = 20
        try await withHelpdeskSimulator(configuration) { endpoint in
            let process = Process()
            process.executableURL = CommandLineRunner.productsDirectory.appendingPathComponent("ticketreport")
            process.arguments = ["ingest", "--url", endpoint.url, "--from", "1", "--to", "2000", "--db", db]
            process.environment = ["TICKETREPORT_TOKEN": configuration.token]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Wait until some tickets are committed, then press Ctrl-C once.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                if let n = try? await DatabaseQueue(path: db).read({
                    try Int.fetchOne($0, sql: "SELECT count(*) FROM fetch_log")
                }),
                    n > 50
                {
                    break
                }
            }
            kill(process.processIdentifier, SIGINT)
            let stdout = await Task.detached {
                String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            }.value
            let stderr = await Task.detached {
                String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            }.value
            await Task.detached { process.waitUntilExit() }.value
            #expect(process.terminationStatus == 130, "\(stdout)\n\(stderr)")
            #expect(stdout.hasPrefix("Interrupted: "))
            #expect(
                stderr.contains("Run the same command again to resume: ticketreport ingest --url … --from 1 --to 2000"))

            let queue = try DatabaseQueue(path: db)
            let (logged, integrity, outcome) = try await queue.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM fetch_log")!,
                    try String.fetchOne(db, sql: "PRAGMA integrity_check")!,
                    try String.fetchOne(db, sql: "SELECT outcome FROM ingest_runs")!
                )
            }
            #expect(logged > 50 && logged < 2000)
            #expect(integrity == "ok")
            #expect(outcome == "interrupted")
        }
    }
}
