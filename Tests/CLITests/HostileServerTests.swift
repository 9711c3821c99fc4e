import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// A helpdesk that misbehaves on purpose: a body without end, no answer at all, a redirect
/// to another host, endless 429s. Real loopback HTTP, the real `ticketreport` binary.
@Suite("Hostile servers (real HTTP)")
struct HostileServerTests {
    static let token = ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken]

    /// A 200 MB body that never closes its JSON: the 8 MB cap stops it, each ticket fails
    /// for good (no retries) with a message naming the cap, and memory stays small.
    @Test func aHugeBodyIsCutAtTheCap() async throws {
        let db = try TestPaths.scratchStore("huge")
        var configuration = SimulatorConfiguration(ticketCount: 10)
        configuration.faults.hugeBodyBytes = 200 << 20
        try await withHelpdeskSimulator(configuration) { endpoint in
            let run = try await PeakMemory.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "3", "--db", db, "--max-response-mb", "8"],
                environment: Self.token, timeout: 120)
            let result = "exit \(run.status)\n\(run.stdout)\n\(run.stderr)"
            #expect(run.status == 2, "\(result)")
            #expect(run.stderr.isOneErrorLine, "\(result)")
            #expect(run.stderr.contains("ticket 1: the response is larger than the 8 MB cap"), "\(result)")
            #expect(run.stdout.hasPrefix("Done: 0 stored, 0 not found, 3 failed, 0 skipped, 0 retries"), "\(result)")
            // Far below the 200 MB on offer (a debug build idles at ~70 MB); 0 means nothing was measured.
            #expect(run.peakKiB > 0 && run.peakKiB < 160 << 10, "peak RSS \(run.peakKiB) KiB")
            #expect(endpoint.stats.requests == 3, "a cut body is not worth a retry")
        }
        let errors = try StoreFile.read(db) { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT last_error FROM fetch_log WHERE outcome = 'failed'")
        }
        #expect(errors == ["the response is larger than the 8 MB cap"])
    }

    /// A server that accepts and never answers: each request gives up at --timeout, the
    /// retry budget is spent, and the run ends (exit 2) saying why.
    @Test func aServerThatNeverAnswersEndsWithinTheBudget() async throws {
        let db = try TestPaths.scratchStore("silent")
        var configuration = SimulatorConfiguration(ticketCount: 10)
        configuration.faults.neverAnswer = true
        try await withHelpdeskSimulator(configuration) { endpoint in
            let child = try ChildProcess(
                [
                    "ingest", "--url", endpoint.url, "--from", "1", "--to", "3", "--db", db, "--timeout", "1s",
                    "--retries", "1",
                ],
                environment: Self.token)
            // Safety net only: 2 attempts of 1 s plus one backoff, for three tickets in parallel.
            let status = await child.wait(timeout: 60)
            #expect(status == 2, "\(child.result)")
            #expect(child.stderr.isOneErrorLine, "\(child.result)")
            #expect(child.stderr.contains("3 ticket(s) still failed after 1 retries"), "\(child.result)")
            #expect(child.stderr.contains("ticket 1: timed out"), "\(child.result)")
        }
        let attempts = try StoreFile.read(db) { db in
            try Int.fetchAll(db, sql: "SELECT attempts FROM fetch_log ORDER BY ticket_id")
        }
        #expect(attempts == [2, 2, 2])
    }

    /// Endless 429s: the client honours the retry budget exactly, exits 2 with a summary,
    /// and a later run against a healthy helpdesk fetches just the failed ids.
    @Test func endlessThrottlingGivesUpThenResumes() async throws {
        let db = try TestPaths.scratchStore("throttled")
        var hostile = SimulatorConfiguration(seed: 9, ticketCount: 30)
        hostile.faults = FaultConfiguration(rates: [.tooManyRequests: 1], retryAfterSeconds: 0, attempts: 1_000_000)
        try await withHelpdeskSimulator(hostile) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "30", "--db", db, "--retries", "2"],
                environment: Self.token)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.isOneErrorLine, "\(result)")
            #expect(result.stderr.contains("30 ticket(s) still failed after 2 retries"), "\(result)")
            #expect(result.stderr.contains("ticket 1: rate limited by the helpdesk"), "\(result)")
            #expect(result.stderr.contains("--retry-failed"), "\(result)")
            #expect(
                result.stdout.hasPrefix("Done: 0 stored, 0 not found, 30 failed, 0 skipped, 60 retries"), "\(result)")
            #expect(endpoint.stats.requests == 90, "3 attempts per ticket, no more")
        }
        let healthy = SimulatorConfiguration(seed: 9, ticketCount: 30)
        let dataset = healthy.dataset
        let existing = dataset.ids.filter { dataset.contains(id: $0) }.count
        try await withHelpdeskSimulator(healthy) { endpoint in
            let result = try await CommandLineRunner.runAsync(
                ["ingest", "--url", endpoint.url, "--retry-failed", "--db", db], environment: Self.token)
            #expect(result.status == 0, "\(result)")
            #expect(
                result.stdout.hasPrefix("Done: \(existing) stored, \(30 - existing) not found, 0 failed"), "\(result)")
            #expect(endpoint.stats.requests == 30)
        }
        #expect(try StoreFile.count(db, "SELECT count(*) FROM fetch_log WHERE outcome = 'failed'") == 0)
        #expect(try StoreFile.halfStoredTickets(db, dataset: dataset).isEmpty)
    }

    /// A redirect to another host (127.0.0.2, also loopback) is never followed: whatever the
    /// status (301/302/307/308) and auth style, no request reaches the other host, so neither
    /// the bearer token nor the WHMCS secret can travel there.
    @Test func aRedirectToAnotherHostIsNotFollowed() async throws {
        let dir = try TestPaths.scratchDirectory("redirect")
        let script = dir.appendingPathComponent("servers.py")
        let log = dir.appendingPathComponent("requests.log")
        try Data(Self.redirectServers.utf8).write(to: script)
        let servers = try ChildProcess(["python3", "-u", script.path, log.path], executable: "/usr/bin/env")
        defer { servers.signal(SIGKILL) }
        var ports: [String] = []
        for _ in 0..<500 where ports.isEmpty {
            if let line = servers.stdout.split(separator: "\n").first(where: { $0.hasPrefix("READY") }) {
                ports = line.split(separator: " ").dropFirst().map(String.init)
            } else {
                try #require(servers.isRunning, "the Python servers did not start: \(servers.result)")
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try #require(ports.count == 2, "\(servers.result)")
        let secret = "whmcs-secret-\(UUID().uuidString)"
        let bearer = "bearer-token-\(UUID().uuidString)"

        for code in ["301", "302", "307", "308"] {
            for auth in ["bearer", "whmcs"] {
                let db = dir.appendingPathComponent("\(code)-\(auth).sqlite").path
                let result = try await CommandLineRunner.runAsync(
                    [
                        "ingest", "--url", "http://127.0.0.1:\(ports[0])/\(code)/api/getticket", "--from", "1", "--to",
                        "2",
                        "--db", db, "--auth", auth, "--retries", "1",
                    ],
                    environment: [
                        "TICKETREPORT_TOKEN": bearer, "TICKETREPORT_IDENTIFIER": "ident", "TICKETREPORT_SECRET": secret,
                    ])
                #expect(result.status == 2, "\(code) \(auth): \(result)")
                #expect(
                    result.stderr.contains("redirect, which is not followed"), "\(code) \(auth): \(result)")
                #expect(!result.stderr.contains(secret) && !result.stderr.contains(bearer))
            }
        }
        let lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
        let atRedirector = lines.filter { $0.hasPrefix("redirector ") }
        let atTarget = lines.filter { $0.hasPrefix("target ") }
        #expect(atRedirector.count == 16, "2 tickets × 8 runs reached the redirecting server: \(lines)")
        #expect(atRedirector.contains { $0.contains("authorization=yes") }, "the bearer runs did send a token there")
        #expect(atTarget.isEmpty, "requests reached the other host: \(atTarget)")
    }

    /// Two tiny HTTP servers: 127.0.0.1 redirects (status from the path) to 127.0.0.2,
    /// which would serve a ticket. Every request is logged as
    /// `<server> <path> authorization=yes|no secret=yes|no`.
    static let redirectServers = #"""
        import http.server, sys, threading

        log_path = sys.argv[1]
        lock = threading.Lock()

        def record(server, handler):
            length = int(handler.headers.get("Content-Length") or 0)
            body = handler.rfile.read(length) if length else b""
            line = "%s %s authorization=%s secret=%s\n" % (
                server, handler.path,
                "yes" if handler.headers.get("Authorization") else "no",
                "yes" if b"secret" in body else "no")
            with lock, open(log_path, "a") as f:
                f.write(line)

        class Target(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                record("target", self)
                body = b'{"result":"success","ticketid":"1","tid":"1","subject":"stolen"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            do_GET = do_POST
            def log_message(self, *args): pass

        target = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Target)

        class Redirector(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                record("redirector", self)
                code = int(self.path.split("/")[1])
                self.send_response(code)
                self.send_header("Location", "http://127.0.0.2:%d/api/getticket" % target.server_address[1])
                self.send_header("Content-Length", "0")
                self.end_headers()
            do_GET = do_POST
            def log_message(self, *args): pass

        redirector = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
        threading.Thread(target=target.serve_forever, daemon=True).start()
        print("READY %d %d" % (redirector.server_address[1], target.server_address[1]), flush=True)
        redirector.serve_forever()
        """#
}
