import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// The token, the WHMCS secret and every ticket's access key `c` never leave the process:
/// not in argv, not on the terminal at any log level, not in the store's files, not in
/// errors. Transport safety: TLS verified by default, plain http only to loopback.
@Suite("Secrets (real processes and files)")
struct SecretsTests {
    @Test func thereIsNoTokenFlag() throws {
        for command in ["ingest", "sync"] {
            let result = try CommandLineRunner.run(
                [command, "--url", "http://127.0.0.1:9/x", "--token", "abc123"]
                    + (command == "ingest" ? ["--from", "1"] : []))
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix("Error: Unknown option '--token'"), "\(result)")
            #expect(!result.stderr.contains("abc123"), "\(result)")
        }
    }

    /// Group- or world-readable secret files warn (0640 and 0604 too, not only 0644); 0600 does not.
    @Test func secretFilesReadableByOthersWarn() async throws {
        let dir = try TestPaths.scratchDirectory("perms")
        let tokenFile = dir.appendingPathComponent("token").path
        let credentialsFile = dir.appendingPathComponent("whmcs").path
        try Data("sim-token\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        try Data("identifier=sim-identifier\nsecret=sim-secret\n".utf8).write(to: URL(fileURLWithPath: credentialsFile))
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 3)) { endpoint in
            for mode in [0o600, 0o640, 0o604, 0o644] {
                for (file, extra) in [
                    (tokenFile, ["--token-file", tokenFile]),
                    (credentialsFile, ["--auth", "whmcs", "--credentials-file", credentialsFile]),
                ] {
                    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
                    let url = extra.contains("whmcs") ? endpoint.whmcsURL : endpoint.url
                    let result = try await CommandLineRunner.runAsync(
                        [
                            "ingest", "--url", url, "--from", "1", "--to", "3", "--refresh",
                            "--db", dir.appendingPathComponent("t.sqlite").path,
                        ] + extra)
                    #expect(result.status == 0, "\(result)")
                    let warning = "Warning: \(file) is readable by other users (chmod 600 \(file))\n"
                    #expect(
                        result.stderr.contains(warning) == (mode != 0o600), "mode \(String(mode, radix: 8)): \(result)")
                }
            }
        }
    }

    /// Every log level, both auth styles, a helpdesk with faults and quirky JSON: no secret
    /// and no access key on stdout or stderr, in the store file or in `ingest_runs`.
    @Test func noSecretAnywhereAtAnyLogLevel() async throws {
        let token = "tok-\(UUID().uuidString)"
        let secret = "sec-\(UUID().uuidString)"
        let querySecret = "qs-\(UUID().uuidString)"
        let accessKey = "ak-\(UUID().uuidString)"
        var configuration = SimulatorConfiguration(
            seed: 21, ticketCount: 40, quirks: true, token: token, secret: secret)
        configuration.faults = FaultConfiguration(spreading: 0.3, retryAfterSeconds: 0)
        let dataset = configuration.dataset
        let accessKeys = dataset.ids.filter { dataset.contains(id: $0) }.map { dataset.accessKey(id: $0) }
        let secrets = [token, secret, querySecret, accessKey] + accessKeys
        let dir = try TestPaths.scratchDirectory("secrets")
        let environment = [
            "TICKETREPORT_TOKEN": token, "TICKETREPORT_IDENTIFIER": configuration.identifier,
            "TICKETREPORT_SECRET": secret, "TICKETREPORT_ACCESS_KEY": accessKey,
        ]

        try await withHelpdeskSimulator(configuration) { endpoint in
            for auth in ["bearer", "whmcs"] {
                for level in ["trace", "debug", "info", "notice", "warning", "error", "critical"] {
                    let db = dir.appendingPathComponent("\(auth)-\(level).sqlite").path
                    // A query string is no place for a secret, but users put them there.
                    let url = (auth == "bearer" ? endpoint.url : endpoint.whmcsURL) + "?key=\(querySecret)"
                    let result = try await CommandLineRunner.runAsync(
                        [
                            "ingest", "--url", url, "--from", "1", "--to", "40", "--db", db, "--auth", auth,
                            "--log-level", level, "--retries", "8",
                        ],
                        environment: environment)
                    #expect(result.status == 0, "\(auth) \(level): \(result)")
                    let leaked = secrets.filter { result.stdout.contains($0) || result.stderr.contains($0) }
                    #expect(leaked.isEmpty, "\(auth) --log-level \(level) printed \(leaked.prefix(3))")
                    if level == "trace" { #expect(result.stderr.contains("trace"), "trace logging is on") }
                    #expect(try Self.leaks(in: db, of: secrets).isEmpty, "\(auth) \(level)")
                    let runs = try StoreFile.read(db) { db in
                        try Row.fetchAll(db, sql: "SELECT * FROM ingest_runs").map { "\($0)" }.joined()
                    }
                    #expect(runs.contains(auth), "ingest_runs records the auth style: \(runs)")
                    #expect(!secrets.contains { runs.contains($0) }, "ingest_runs: \(runs)")
                }
            }
            // The store is checked where it holds most: every raw body kept, minus `c`.
            let db = dir.appendingPathComponent("bearer-trace.sqlite").path
            let bodies = try StoreFile.count(db, "SELECT count(*) FROM raw_responses")
            #expect(bodies == accessKeys.count)
            #expect(try StoreFile.count(db, "SELECT count(*) FROM raw_responses WHERE body LIKE '%\"c\"%'") == 0)
        }
    }

    /// Killed mid-write, the store's -wal and -shm files hold no secret either.
    @Test func noSecretInTheWriteAheadLog() async throws {
        let token = "tok-\(UUID().uuidString)"
        let configuration = SimulatorConfiguration(
            seed: 22, ticketCount: 1_000, token: token, latencyMilliseconds: 2)
        let dataset = configuration.dataset
        let secrets = [token] + dataset.ids.filter { dataset.contains(id: $0) }.map { dataset.accessKey(id: $0) }
        let db = try TestPaths.scratchStore("wal-secrets")
        try await withHelpdeskSimulator(configuration) { endpoint in
            let child = try ChildProcess(
                ["ingest", "--url", endpoint.url, "--from", "1", "--to", "1000", "--db", db, "--log-level", "trace"],
                environment: ["TICKETREPORT_TOKEN": token])
            while child.isRunning, (try? StoreFile.count(db, "SELECT count(*) FROM tickets")) ?? 0 < 100 {
                try await Task.sleep(for: .milliseconds(50))
            }
            child.signal(SIGKILL)
            _ = await child.wait()
            #expect(!secrets.contains { child.stderr.contains($0) || child.stdout.contains($0) })
        }
        #expect(FileManager.default.fileExists(atPath: db + "-wal"), "the kill left a write-ahead log to inspect")
        #expect(try Self.leaks(in: db, of: secrets).isEmpty)
    }

    /// A rejected token or secret is not echoed in the error.
    @Test func aRejectedCredentialIsNotEchoed() async throws {
        let wrong = "wrong-\(UUID().uuidString)"
        try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 5)) { endpoint in
            for (auth, url) in [("bearer", endpoint.url), ("whmcs", endpoint.whmcsURL)] {
                let db = try TestPaths.scratchStore("rejected")
                let result = try await CommandLineRunner.runAsync(
                    [
                        "ingest", "--url", url, "--from", "1", "--to", "5", "--db", db, "--auth", auth, "--log-level",
                        "trace",
                    ],
                    environment: [
                        "TICKETREPORT_TOKEN": wrong, "TICKETREPORT_IDENTIFIER": "sim-identifier",
                        "TICKETREPORT_SECRET": wrong,
                    ])
                #expect(result.status == 3, "\(result)")
                #expect(result.stderr.contains("Error: authentication failed (\(auth) auth)"), "\(result)")
                #expect(!result.stderr.contains(wrong) && !result.stdout.contains(wrong), "\(result)")
                #expect(try Self.leaks(in: db, of: [wrong]).isEmpty)
            }
        }
    }

    /// Plain http:// only to this machine unless --allow-http; a name that merely starts
    /// with "127." is not this machine.
    @Test func plainHTTPOnlyToLoopback() throws {
        for url in [
            "http://support.example.com/api", "http://127.0.0.1.example.com/api", "http://127.evil.example/api",
            "http://10.0.0.5/api", "http://localhost.example.com/api",
        ] {
            let result = try CommandLineRunner.run(
                ["ingest", "--url", url, "--from", "1", "--to", "2"], environment: ["TICKETREPORT_TOKEN": "t"])
            #expect(result.status == 1, "\(url): \(result)")
            #expect(
                result.stderr.contains("plain http://") && result.stderr.contains("--allow-http"), "\(url): \(result)")
        }
        // With --allow-http the URL is accepted and the run gets as far as the network.
        let db = try TestPaths.scratchStore("allow-http")
        let allowed = try CommandLineRunner.run(
            [
                "ingest", "--url", "http://helpdesk.invalid/api", "--allow-http", "--from", "1", "--to", "2", "--db",
                db,
                "--retries", "0",
            ],
            environment: ["TICKETREPORT_TOKEN": "t"])
        #expect(allowed.status == 3, "\(allowed)")
        #expect(allowed.stderr.hasPrefix("Error: cannot reach http://helpdesk.invalid/api"), "\(allowed)")
    }

    /// TLS certificates are verified unless --insecure, which warns on every run.
    @Test func tlsIsVerifiedByDefaultAndInsecureWarnsEachRun() async throws {
        let dir = try TestPaths.scratchDirectory("tls")
        let openssl = try ChildProcess(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-keyout", dir.appendingPathComponent("key.pem").path, "-out",
                dir.appendingPathComponent("cert.pem").path,
            ],
            executable: "/usr/bin/env")
        try #require(await openssl.wait() == 0, "openssl: \(openssl.result)")
        let script = dir.appendingPathComponent("https.py")
        try Data(Self.httpsServer.utf8).write(to: script)
        let server = try ChildProcess(
            [
                "python3", "-u", script.path, dir.appendingPathComponent("cert.pem").path,
                dir.appendingPathComponent("key.pem").path,
                TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/get-ticket-example.json").path,
            ],
            executable: "/usr/bin/env")
        defer { server.signal(SIGKILL) }
        var port: String?
        for _ in 0..<500 where port == nil {
            port = server.stdout.split(separator: "\n").first { $0.hasPrefix("READY") }.map { String($0.dropFirst(6)) }
            if port == nil {
                try #require(server.isRunning, "the HTTPS server did not start: \(server.result)")
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let url = "https://127.0.0.1:\(try #require(port))/api/getticket"
        let arguments = ["ingest", "--url", url, "--from", "1", "--to", "1", "--retries", "0"]
        let token = ["TICKETREPORT_TOKEN": "t"]

        let verified = try await CommandLineRunner.runAsync(
            arguments + ["--db", dir.appendingPathComponent("a.sqlite").path], environment: token)
        #expect(verified.status == 2, "\(verified)")
        #expect(
            verified.stderr.contains("TLS failed") && verified.stderr.contains("CERTIFICATE_VERIFY_FAILED"),
            "\(verified)")
        #expect(!verified.stderr.contains("Warning"))

        let warning = "Warning: --insecure: TLS certificates are not verified; anyone on the path can read the token\n"
        for run in 1...2 {
            let insecure = try await CommandLineRunner.runAsync(
                arguments + ["--db", dir.appendingPathComponent("b.sqlite").path, "--insecure", "--refresh"],
                environment: token)
            #expect(insecure.status == 0, "run \(run): \(insecure)")
            #expect(insecure.stderr.hasPrefix(warning), "run \(run): \(insecure)")
            #expect(insecure.stdout.hasPrefix("Done: 1 stored"), "run \(run): \(insecure)")
        }
    }

    /// Which of `secrets` (8 bytes or longer) occur in the store's files (main, -wal, -shm).
    ///
    /// One pass per file: each 8-byte window is looked up among the secrets' first 8 bytes,
    /// so thousands of access keys over megabytes stay fast in a debug build.
    static func leaks(in db: String, of secrets: [String]) throws -> [String] {
        func prefix(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
            bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        var byPrefix: [UInt64: [[UInt8]]] = [:]
        for secret in secrets {
            let bytes = Array(secret.utf8)
            precondition(bytes.count >= 8, "secrets are at least 8 bytes")
            byPrefix[bytes.withUnsafeBytes { prefix($0, 0) }, default: []].append(bytes)
        }
        var found: [String] = []
        for file in [db, db + "-wal", db + "-shm"] {
            guard let data = StoreFile.bytes(file), data.count >= 8 else { continue }
            data.withUnsafeBytes { haystack in
                for offset in 0...(haystack.count - 8) {
                    guard let candidates = byPrefix[prefix(haystack, offset)] else { continue }
                    for candidate in candidates
                    where offset + candidate.count <= haystack.count
                        && haystack[offset..<(offset + candidate.count)].elementsEqual(candidate)
                    {
                        found.append(
                            "\(String(decoding: candidate, as: UTF8.self)) in \((file as NSString).lastPathComponent)")
                    }
                }
            }
        }
        return found
    }

    /// An HTTPS server with the given certificate that answers every POST with one ticket.
    static let httpsServer = #"""
        import http.server, ssl, sys
        body = open(sys.argv[3], "rb").read()
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("READY %d" % server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
