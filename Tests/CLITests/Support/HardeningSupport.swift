import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// A built executable of this package run as a real child process, its output in files.
///
/// Unlike ``CommandLineRunner`` it can be killed at any moment (SIGKILL included) and
/// observed while it runs. Waiting never blocks a cooperative thread.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    /// Runs `executable` from the package's build products, or an absolute path.
    init(
        _ arguments: [String], executable: String = "ticketreport", environment: [String: String] = [:],
        directory: URL? = nil
    ) throws {
        let scratch = try TestPaths.scratchDirectory("child")
        stdoutURL = scratch.appendingPathComponent("stdout")
        stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL =
            executable.hasPrefix("/")
            ? URL(fileURLWithPath: executable) : CommandLineRunner.productsDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TICKETREPORT_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) {
        if process.isRunning { kill(pid, number) }
    }

    /// Waits for the process to end (SIGKILL after `timeout` as a safety net) and returns
    /// its exit status; a process ended by a signal gives 128 + the signal's number.
    func wait(timeout: TimeInterval = 120) async -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// What it printed, for failure messages.
    var result: String { "pid \(pid)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// A `helpdesk-sim` process on 127.0.0.1, port 0; its URL read from its first stdout line.
final class SimulatorProcess: Sendable {
    let child: ChildProcess
    let url: String

    init(_ arguments: [String], environment: [String: String] = [:]) async throws {
        child = try ChildProcess(["--port", "0"] + arguments, executable: "helpdesk-sim", environment: environment)
        let deadline = Date().addingTimeInterval(60)
        var found: String?
        while found == nil {
            let text = child.stdout
            if let line = text.split(separator: "\n").first, text.contains("\n") {
                // "helpdesk-sim listening on http://127.0.0.1:PORT/api/getticket (N tickets, seed S)"
                found = line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)
                if found == nil { break }
            }
            guard child.isRunning, Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let found else {
            child.signal(SIGKILL)
            throw TestFailure("helpdesk-sim did not start: \(child.stdout) \(child.stderr)")
        }
        url = found
    }

    func stop() async {
        child.signal(SIGTERM)
        let status = await child.wait(timeout: 10)
        _ = status
    }
}

/// Runs `body` with a `helpdesk-sim` process that is always stopped afterwards.
func withSimulatorProcess<T>(
    _ arguments: [String], environment: [String: String] = [:], _ body: (SimulatorProcess) async throws -> T
) async throws -> T {
    let simulator = try await SimulatorProcess(arguments, environment: environment)
    do {
        let result = try await body(simulator)
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

/// Runs blocking work (GRDB reads, a waiting loop) on its own thread, not a cooperative one.
func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// The seed of the tests' own random choices (the crash test's kill moments): fixed, so
/// every run tries the same moments; `HARDENING_SEED=n` tries others or replays a failure.
enum HardeningSeed {
    static let value: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["HARDENING_SEED"], let seed = UInt64(text) { return seed }
        return 20_261_201
    }()
}

extension SplitMix64 {
    /// A uniform draw from `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + Double(next() >> 11) * 0x1.0p-53 * (range.upperBound - range.lowerBound)
    }
}

/// Read-only looks at a store file, the way an independent reader sees it.
enum StoreFile {
    static func openReadOnly(_ path: String, busyTimeout: TimeInterval? = nil) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        if let busyTimeout { configuration.busyMode = .timeout(busyTimeout) }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// One read on a fresh read-only connection (synchronous, so async tests can call it too).
    static func read<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        try openReadOnly(path).read(body)
    }

    static func integrity(_ path: String) throws -> String {
        try openReadOnly(path).read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }

    static func count(_ path: String, _ sql: String) throws -> Int {
        try openReadOnly(path).read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    /// Problems that would show a half-stored ticket: a ticket without its metrics, fetch
    /// log or raw body, or with fewer replies or notes than the helpdesk has. Empty when sound.
    static func halfStoredTickets(_ path: String, dataset: SimulatedDataset) throws -> [String] {
        try openReadOnly(path).read { db in
            guard try db.tableExists("tickets") else { return [] }
            var problems: [String] = []
            let checks: [(String, String)] = [
                (
                    "tickets without metrics",
                    "SELECT count(*) FROM tickets t LEFT JOIN ticket_metrics m USING (source, ticket_id) WHERE m.ticket_id IS NULL"
                ),
                (
                    "metrics without a ticket",
                    "SELECT count(*) FROM ticket_metrics m LEFT JOIN tickets t USING (source, ticket_id) WHERE t.ticket_id IS NULL"
                ),
                (
                    "tickets without an ok fetch_log row",
                    "SELECT count(*) FROM tickets t LEFT JOIN fetch_log f USING (source, ticket_id) WHERE f.outcome IS NOT 'ok'"
                ),
                (
                    "ok fetch_log rows without a ticket",
                    "SELECT count(*) FROM fetch_log f LEFT JOIN tickets t USING (source, ticket_id) WHERE f.outcome = 'ok' AND t.ticket_id IS NULL"
                ),
                (
                    "tickets without a raw response",
                    "SELECT count(*) FROM tickets t LEFT JOIN raw_responses r USING (source, ticket_id) WHERE r.ticket_id IS NULL"
                ),
            ]
            for (label, sql) in checks {
                let n = try Int.fetchOne(db, sql: sql) ?? 0
                if n != 0 { problems.append("\(n) \(label)") }
            }
            let replies = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT ticket_id, count(*) FROM replies GROUP BY ticket_id"
                )
                .map { (row: Row) -> (Int, Int) in (row[0], row[1]) })
            let notes = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT ticket_id, count(*) FROM notes GROUP BY ticket_id")
                    .map { (row: Row) -> (Int, Int) in (row[0], row[1]) })
            for id in try Int.fetchAll(db, sql: "SELECT ticket_id FROM tickets") {
                guard let ticket = dataset.ticket(id: id) else {
                    problems.append("ticket \(id) is stored but deleted on the helpdesk")
                    continue
                }
                if replies[id, default: 0] != ticket.replies.count {
                    problems.append("ticket \(id): \(replies[id, default: 0]) of \(ticket.replies.count) replies")
                }
                if notes[id, default: 0] != ticket.notes.count {
                    problems.append("ticket \(id): \(notes[id, default: 0]) of \(ticket.notes.count) notes")
                }
            }
            return problems
        }
    }

    /// Tickets whose rows and `ticket_events` disagree: no `created` row (or several), events
    /// of a ticket that is not stored, a status, priority, department or flag other than the
    /// last one its events say, or replies and notes other than its events added up. Empty when
    /// the history is whole.
    static func historyDisagreements(_ path: String) throws -> [String] {
        try openReadOnly(path).read { db in
            func latest(_ fields: String) -> String {
                """
                (SELECT e.new_value FROM ticket_events AS e
                 WHERE e.source = t.source AND e.ticket_id = t.ticket_id AND e.field IN (\(fields))
                 ORDER BY e.event_id DESC LIMIT 1)
                """
            }
            func events(_ expression: String, _ field: String? = nil) -> String {
                """
                (SELECT \(expression) FROM ticket_events AS e WHERE e.source = t.source AND e.ticket_id = t.ticket_id
                 \(field.map { "AND e.field = '\($0)'" } ?? ""))
                """
            }
            let checks: [(String, String)] = [
                ("tickets without exactly one created event", "\(events("count(*)", "created")) <> 1"),
                (
                    "tickets whose status is not their last status event",
                    "t.status IS NOT \(latest("'created', 'status'"))"
                ),
                (
                    "tickets whose priority is not their last priority event",
                    "\(latest("'priority'")) IS NOT NULL AND t.priority IS NOT \(latest("'priority'"))"
                ),
                (
                    "tickets whose department is not their last move",
                    "\(latest("'dept_id'")) IS NOT NULL AND CAST(t.dept_id AS TEXT) IS NOT \(latest("'dept_id'"))"
                ),
                (
                    "tickets whose flag is not their last flag event",
                    "\(latest("'flag'")) IS NOT NULL AND CAST(t.flag AS TEXT) IS NOT \(latest("'flag'"))"
                ),
                (
                    "tickets whose replies are not what their events added",
                    "\(events("sum(e.replies_added)")) IS NOT (SELECT count(*) FROM replies AS r WHERE r.source = t.source AND r.ticket_id = t.ticket_id AND r.is_opening = 0)"
                ),
                (
                    "tickets whose notes are not what their events added",
                    "\(events("sum(e.notes_added)")) IS NOT (SELECT count(*) FROM notes AS n WHERE n.source = t.source AND n.ticket_id = t.ticket_id)"
                ),
            ]
            var problems: [String] = []
            for (label, condition) in checks {
                let ids = try Int.fetchAll(db, sql: "SELECT t.ticket_id FROM tickets AS t WHERE \(condition) LIMIT 5")
                if !ids.isEmpty { problems.append("\(label): \(ids)") }
            }
            let orphans =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM ticket_events AS e
                        WHERE NOT EXISTS (SELECT 1 FROM tickets AS t WHERE t.source = e.source AND t.ticket_id = e.ticket_id)
                        """) ?? 0
            if orphans > 0 { problems.append("\(orphans) events of tickets that are not stored") }
            return problems
        }
    }

    /// The file's bytes, or nil when it does not exist.
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
}

/// Mounts a small tmpfs (root only) so a test can fill a real disk.
enum Tmpfs {
    /// Whether this machine lets the tests mount a tmpfs (root in a container that allows it).
    static let isAvailable: Bool = {
        guard getuid() == 0, let dir = try? TestPaths.scratchDirectory("tmpfs-probe") else { return false }
        defer { try? FileManager.default.removeItem(at: dir) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.path]) == 0 else { return false }
        _ = run("/bin/umount", [dir.path])
        return true
    }()

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func mount(_ dir: URL, size: String) -> Bool {
        run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", dir.path]) == 0
    }

    static func resize(_ dir: URL, size: String) -> Bool {
        run("/bin/mount", ["-o", "remount,size=\(size)", dir.path]) == 0
    }

    static func unmount(_ dir: URL) {
        if run("/bin/umount", [dir.path]) != 0 { run("/bin/umount", ["-l", dir.path]) }
    }
}

extension String {
    /// True when the text is exactly one line `Error: …` (what the CLI prints for a failure).
    var isOneErrorLine: Bool {
        hasPrefix("Error: ") && hasSuffix("\n") && dropLast().firstIndex(of: "\n") == nil
    }
}

/// A failure inside a test helper, with what was seen.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
