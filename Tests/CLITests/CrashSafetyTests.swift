import Foundation
import GRDB
import HelpdeskSimulator
import TestSupport
import Testing

/// The store survives what happens to real processes: SIGKILL mid-write, a full disk,
/// readers while a writer works. Real `ticketreport` and `helpdesk-sim` processes, real files.
@Suite("Crash safety (real processes)")
struct CrashSafetyTests {
    static let token = ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken]

    /// kill -9 at seeded random moments: after each kill the file is sound and holds only
    /// whole tickets; resuming finishes the job and gives the same store as one clean run.
    @Test func killNineMidIngestLeavesAWholeResumableStore() async throws {
        let seed = HardeningSeed.value
        var random = SplitMix64(state: seed)
        let replay = "replay with HARDENING_SEED=\(seed)"
        let dataset = SimulatedDataset(seed: 1, ticketCount: 3_000)
        let dir = try TestPaths.scratchDirectory("kill9")
        let db = dir.appendingPathComponent("killed.sqlite").path
        let reference = dir.appendingPathComponent("reference.sqlite").path

        // 10 ms per request at concurrency 8 caps a run near 800 tickets/s (~3.7 s for 3,000),
        // so the three kills (0.3–1.2 s each) land mid-run however fast the machine is.
        try await withSimulatorProcess(["--tickets", "3000", "--latency-ms", "10"]) { simulator in
            func arguments(_ path: String) -> [String] {
                ["ingest", "--url", simulator.url, "--from", "1", "--to", "3000", "--db", path, "--concurrency", "8"]
            }
            var killedWhileRunning = 0
            for kill in 1...3 {
                let delay = random.uniform(0.3...1.2)
                let child = try ChildProcess(arguments(db), environment: Self.token)
                try await Task.sleep(for: .seconds(delay))
                if child.isRunning { killedWhileRunning += 1 }
                child.signal(SIGKILL)
                _ = await child.wait()
                let context = "kill \(kill) after \(String(format: "%.2f", delay)) s; \(replay)"
                guard FileManager.default.fileExists(atPath: db) else { continue }
                #expect(try StoreFile.integrity(db) == "ok", "\(context)")
                let problems = try StoreFile.halfStoredTickets(db, dataset: dataset)
                #expect(problems.isEmpty, "half-stored tickets after \(context): \(problems.prefix(5))")
            }
            #expect(killedWhileRunning > 0, "every ingest had finished before its kill; \(replay)")
            let storedBeforeResume = try StoreFile.count(db, "SELECT count(*) FROM fetch_log")

            let resumed = try await CommandLineRunner.runAsync(arguments(db), environment: Self.token)
            #expect(resumed.status == 0, "\(resumed); \(replay)")
            #expect(resumed.stdout.contains("\(storedBeforeResume) skipped") || storedBeforeResume == 0, "\(resumed)")
            let clean = try await CommandLineRunner.runAsync(arguments(reference), environment: Self.token)
            #expect(clean.status == 0, "\(clean)")
        }
        #expect(try StoreFile.integrity(db) == "ok")
        #expect(try StoreFile.halfStoredTickets(db, dataset: dataset).isEmpty, "\(replay)")
        let expected = dataset.ids.filter { dataset.contains(id: $0) }.count
        #expect(try StoreFile.count(db, "SELECT count(*) FROM tickets") == expected, "\(replay)")
        #expect(try StoreDigest.of(path: db) == StoreDigest.of(path: reference), "\(replay)")
    }

    /// kill -9 at seeded random moments of a change-aware sync that records what changed:
    /// after each kill no ticket's rows disagree with its events, and the finished sync leaves
    /// the store where the helpdesk is.
    @Test func killNineMidSyncLeavesNoTicketWhoseEventsAndRowsDisagree() async throws {
        let seed = HardeningSeed.value
        var random = SplitMix64(state: seed)
        let replay = "replay with HARDENING_SEED=\(seed)"
        let db = try TestPaths.scratchDirectory("kill9-sync").appendingPathComponent("tickets.sqlite").path
        let credentials = [
            "TICKETREPORT_IDENTIFIER": SimulatorConfiguration.defaultIdentifier,
            "TICKETREPORT_SECRET": SimulatorConfiguration.defaultSecret,
        ]
        let helpdesk = ["--tickets", "3000", "--open-share", "0.5", "--change-rate", "0.6"]
        func classic(_ simulator: SimulatorProcess) -> String {
            simulator.url.replacingOccurrences(of: SimulatorConfiguration.defaultPath, with: "/includes/api.php")
        }
        try await withSimulatorProcess(helpdesk) { simulator in
            let ingest = try await CommandLineRunner.runAsync(
                ["ingest", "--url", classic(simulator), "--auth", "whmcs", "--from", "1", "--to", "3000", "--db", db],
                environment: credentials)
            #expect(ingest.status == 0, "\(ingest)")
        }
        // A day later about 900 of the 1,500 open tickets changed; at 10 ms a request and 4 in
        // flight the sync takes ~2.5 s, so the kills (0.3–1.2 s after each start) land mid-run.
        try await withSimulatorProcess(helpdesk + ["--epoch", "1", "--latency-ms", "10"]) { simulator in
            let arguments = ["sync", "--url", classic(simulator), "--auth", "whmcs", "--db", db, "--concurrency", "4"]
            var killedWhileRunning = 0
            for kill in 1...3 {
                let delay = random.uniform(0.3...1.2)
                let child = try ChildProcess(arguments, environment: credentials)
                try await Task.sleep(for: .seconds(delay))
                if child.isRunning { killedWhileRunning += 1 }
                child.signal(SIGKILL)
                _ = await child.wait()
                let context = "kill \(kill) after \(String(format: "%.2f", delay)) s; \(replay)"
                #expect(try StoreFile.integrity(db) == "ok", "\(context)")
                let problems = try StoreFile.historyDisagreements(db)
                #expect(problems.isEmpty, "after \(context): \(problems)")
            }
            #expect(killedWhileRunning > 0, "every sync had finished before its kill; \(replay)")
            let finished = try await CommandLineRunner.runAsync(arguments, environment: credentials)
            #expect(finished.status == 0, "\(finished); \(replay)")
            #expect(finished.stderr.contains("Change-aware sync:"), "\(finished)")
        }
        #expect(try StoreFile.historyDisagreements(db).isEmpty, "\(replay)")
        let dataset = SimulatedDataset(seed: 1, ticketCount: 3_000, epoch: 1, changeRate: 0.6, openShare: 0.5)
        let statuses = try StoreFile.read(db) { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT ticket_id, status FROM tickets").map {
                    ($0[0] as Int, $0[1] as String)
                })
        }
        let wrong = dataset.ids.filter { statuses[$0] != dataset.ticket(id: $0)?.status }
        #expect(wrong.isEmpty, "tickets whose stored status is not the helpdesk's: \(wrong.prefix(5)); \(replay)")
    }

    /// A disk that fills up mid-ingest (a real ENOSPC on a small tmpfs): a one-line error
    /// naming the file, exit 3, a sound store, and a later run with room completes it.
    @Test(.enabled(if: Tmpfs.isAvailable, "needs root and a mountable tmpfs"))
    func aFullDiskStopsCleanlyAndTheNextRunCompletes() async throws {
        let dir = try TestPaths.scratchDirectory("diskfull")
        let mountPoint = dir.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        try #require(Tmpfs.mount(mountPoint, size: "768k"))
        defer { Tmpfs.unmount(mountPoint) }
        let db = mountPoint.appendingPathComponent("tickets.sqlite").path
        let reference = dir.appendingPathComponent("reference.sqlite").path
        let configuration = SimulatorConfiguration(seed: 3, ticketCount: 600)

        try await withHelpdeskSimulator(configuration) { endpoint in
            let arguments = ["ingest", "--url", endpoint.url, "--from", "1", "--to", "600", "--concurrency", "4"]
            let full = try await CommandLineRunner.runAsync(arguments + ["--db", db], environment: Self.token)
            #expect(full.status == 3, "\(full)")
            #expect(full.stderr.isOneErrorLine, "\(full)")
            #expect(full.stderr.contains("disk holding \(db) is full"), "\(full)")
            #expect(full.stdout.isEmpty, "\(full)")

            // The store still opens and is sound; what was committed is whole.
            #expect(try StoreFile.integrity(db) == "ok")
            #expect(try StoreFile.halfStoredTickets(db, dataset: configuration.dataset).isEmpty)
            let kept = try StoreFile.count(db, "SELECT count(*) FROM fetch_log")
            #expect(kept < 600)

            try #require(Tmpfs.resize(mountPoint, size: "64m"))
            let resumed = try await CommandLineRunner.runAsync(arguments + ["--db", db], environment: Self.token)
            #expect(resumed.status == 0, "\(resumed)")
            #expect(resumed.stdout.contains(" \(kept) skipped"), "\(resumed)")
            let clean = try await CommandLineRunner.runAsync(arguments + ["--db", reference], environment: Self.token)
            #expect(clean.status == 0, "\(clean)")
        }
        #expect(try StoreFile.integrity(db) == "ok")
        #expect(try StoreDigest.of(path: db) == StoreDigest.of(path: reference))
    }

    /// Readers and the writer do not block each other (WAL): while an ingest process
    /// writes, one reader holds a single read transaction open the whole time (a long
    /// report) and keeps seeing the same snapshot without stalling the writer; fresh
    /// read-only connections, the sqlite3 shell and `ticketreport query` never see
    /// "database is locked" and see whole snapshots (as many metrics rows as tickets)
    /// that only grow.
    @Test func readersAndTheWriterDoNotBlockEachOther() async throws {
        let dir = try TestPaths.scratchDirectory("readers")
        let db = dir.appendingPathComponent("tickets.sqlite").path
        let snapshotSQL = """
            SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_metrics),
                   (SELECT count(*) FROM tickets JOIN ticket_metrics USING (source, ticket_id)),
                   (SELECT count(*) FROM fetch_log WHERE outcome = 'ok')
            """
        try await withSimulatorProcess(["--tickets", "1500", "--latency-ms", "15"]) { simulator in
            let base = ["ingest", "--url", simulator.url, "--db", db, "--concurrency", "8"]
            // The schema exists before the readers start.
            let first = try await CommandLineRunner.runAsync(
                base + ["--from", "1", "--to", "20"], environment: Self.token)
            try #require(first.status == 0, "\(first)")
            let before = try StoreFile.count(db, "SELECT count(*) FROM tickets")

            let stop = Flag()
            let held = Flag()
            async let long = offThread { try Self.holdOneReadTransaction(db, snapshotSQL, stop: stop, held: held) }
            while !held.isSet { try await Task.sleep(for: .milliseconds(10)) }
            let writer = try ChildProcess(base + ["--from", "21", "--to", "1500"], environment: Self.token)
            async let grdb = offThread { Self.readLoop(stop) { try Self.grdbSnapshot(db, snapshotSQL) } }
            async let shell = offThread { Self.readLoop(stop) { try Self.shellSnapshot(db, snapshotSQL) } }
            async let query = offThread {
                Self.readLoop(stop) {
                    try Self.querySnapshot(
                        db, "SELECT count(*) AS n, (SELECT count(*) FROM ticket_metrics) AS m FROM tickets")
                }
            }
            // The writer finishes while the long read transaction is still open.
            let status = await writer.wait()
            stop.set()
            #expect(status == 0, "the writer was held up by a reader: \(writer.result)")
            let longSnapshots = try await long
            #expect(Set(longSnapshots).count == 1, "one read transaction saw the data change: \(Set(longSnapshots))")
            #expect(
                longSnapshots.first?.first == before,
                "the long reader saw \(longSnapshots.first ?? []), not the \(before) tickets stored when it began")

            let results = try await [("GRDB read-only", grdb), ("sqlite3 shell", shell), ("ticketreport query", query)]
            for (reader, result) in results {
                #expect(result.errors.isEmpty, "\(reader): \(result.errors.prefix(3))")
                #expect(result.snapshots.count >= 3, "\(reader) read only \(result.snapshots.count) times")
                for snapshot in result.snapshots {
                    #expect(Set(snapshot).count == 1, "\(reader) saw a torn snapshot \(snapshot)")
                }
                let totals = result.snapshots.map { $0[0] }
                #expect(totals == totals.sorted(), "\(reader) saw the count go down: \(totals)")
                #expect(Set(totals).count > 1, "\(reader) never saw the store grow: \(totals)")
            }
        }
    }

    /// One read transaction, read again and again until `stop`: every read sees the same snapshot.
    static func holdOneReadTransaction(_ db: String, _ sql: String, stop: Flag, held: Flag) throws -> [[Int]] {
        let queue = try StoreFile.openReadOnly(db, busyTimeout: 5)
        return try queue.read { db in
            var snapshots: [[Int]] = []
            repeat {
                let row = try Row.fetchOne(db, sql: sql)!
                snapshots.append((0..<row.count).map { row[$0] as Int })
                held.set()
                usleep(50_000)
            } while !stop.isSet
            return snapshots
        }
    }

    struct ReadLoopResult: Sendable {
        var snapshots: [[Int]] = []
        var errors: [String] = []
    }

    /// Reads until told to stop (and at least three times); errors are collected, not thrown.
    static func readLoop(_ stop: Flag, _ read: () throws -> [Int]) -> ReadLoopResult {
        var result = ReadLoopResult()
        while !stop.isSet || result.snapshots.count + result.errors.count < 3 {
            do { result.snapshots.append(try read()) } catch { result.errors.append("\(error)") }
            usleep(20_000)
        }
        return result
    }

    /// A fresh read-only connection that waits at most 2 s for a lock (opening one can
    /// meet the writer's WAL recovery or final checkpoint, which take a moment).
    static func grdbSnapshot(_ db: String, _ sql: String) throws -> [Int] {
        let queue = try StoreFile.openReadOnly(db, busyTimeout: 2)
        let row = try queue.read { db in try Row.fetchOne(db, sql: sql)! }
        return (0..<row.count).map { row[$0] as Int }
    }

    static func shellSnapshot(_ db: String, _ sql: String) throws -> [Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", "-cmd", ".timeout 5000", "-separator", " ", db, sql]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, errors.isEmpty else {
            throw TestFailure("sqlite3 exit \(process.terminationStatus): \(errors)")
        }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
    }

    static func querySnapshot(_ db: String, _ sql: String) throws -> [Int] {
        let result = try CommandLineRunner.run(["query", sql, "--db", db, "--format", "csv"])
        guard result.status == 0 else { throw TestFailure("\(result)") }
        // "n,m\r\n1,1\r\n"
        let lines = result.stdout.split(whereSeparator: \.isNewline)
        guard lines.count == 2 else { throw TestFailure("unexpected output \(result)") }
        return lines[1].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// A thread-safe stop signal for reader threads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
