import Config
import Foundation
import GRDB
import HelpdeskAPI
import HelpdeskSimulator
import Reporting
import TicketStore

/// `generate-store PATH N [SEED]`: the simulator's tickets written straight into a store
/// (no HTTP), through the real write path in batches of 1,000. A finished store is marked in
/// `store_meta`, so a later run with the same size and seed reuses it (opening it read-write
/// first, which applies any newer migration, e.g. new indexes).
enum StoreGenerator {
    static let markerKey = "bench.generated"

    @discardableResult
    static func ensure(path: String, tickets: Int, seed: UInt64 = 1) throws -> String {
        let marker = "tickets=\(tickets) seed=\(seed)"
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if FileManager.default.fileExists(atPath: path) {
            do {
                let seconds = try measure {
                    let store = try TicketStore(path: path, access: .readWrite)  // migrates a cached store
                    let found = try store.read { db in
                        try String.fetchOne(
                            db, sql: "SELECT value FROM store_meta WHERE key = ?", arguments: [markerKey])
                    }
                    if found != marker { throw Incomplete() }
                }
                say(
                    String(
                        format: "generate-store: reusing %@ (%@; opened and migrated in %.1f s)", path, marker, seconds)
                )
                return path
            } catch {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }

        let dataset = SimulatedDataset(seed: seed, ticketCount: tickets)
        let batchSize = 1_000
        let starts = Array(stride(from: 1, through: tickets, by: batchSize))
        @Sendable func batch(_ start: Int) -> [FetchRecord] {
            (start..<min(start + batchSize, tickets + 1)).compactMap { id in
                dataset.ticket(id: id).map { FetchRecord.ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }
            }
        }
        var stored = 0
        var replies = 0
        let seconds = try measure {
            let store = try TicketStore(path: path, access: .readWrite)
            // Generating the next batch overlaps writing this one (the generator is O(1) per ticket).
            var next = batch(starts[0])
            for index in starts.indices {
                let current = next
                let upcoming = Box<[FetchRecord]>([])
                let group = DispatchGroup()
                if index + 1 < starts.count {
                    let start = starts[index + 1]
                    DispatchQueue.global().async(group: group) { upcoming.value = batch(start) }
                }
                try store.writeSync(current, source: "default")
                stored += current.count
                for case .ticket(let ticket, _, _, _) in current { replies += ticket.replies.count }
                group.wait()
                next = upcoming.value
            }
            try store.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)", arguments: [markerKey, marker])
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        say(
            String(
                format: "generate-store: %@: %d tickets, %d replies in %.1f s (%.0f tickets/s), %.0f MB",
                path, stored, replies, seconds, Double(stored) / seconds, Double(size) / 1e6))
        BenchReport.emit(
            BenchFigure(
                name: "generate_store.\(tickets).tickets_per_s", value: Double(stored) / seconds, unit: "tickets/s"))
        return path
    }

    struct Incomplete: Error {}
}

/// A line on stdout, in order with `bench:` lines (which bypass print's buffer).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Every built-in report for one month, and the monthly pack, on stores of 10k, 100k and
/// 1M tickets: the tool in-process (warm) against the same SQL in the `sqlite3` shell on the
/// same file, with ticketreport's SQL functions from a loadable extension
/// (bench/sqlite_ext/ticketreport_ext.c).
///
/// The shell's figure is its time per statement, warm, output discarded: the wall time of
/// `sqlite3 FILE < script` running the statement 1 + R times minus the same script running
/// it once, divided by R (process start, `.load` and schema parsing cancel out; `.timer`
/// would give the same figure but only to the millisecond). R is picked so the R runs take
/// about a quarter of a second. Tool and shell trials alternate (BENCH_REPEAT of each, 3 for
/// the pack), so both see the same load on a shared machine; figures are medians. The CPU
/// time of each side (getrusage) is compared too, as a check that is blind to other
/// processes' load.
///
/// Environment: BENCH_REPORT_SIZES (default 10000,100000,1000000), BENCH_REPORT_MONTH
/// (2026-10), BENCH_SQLITE_EXT (.build/ticketreport_ext.so), BENCH_SQLITE3 (sqlite3),
/// BENCH_REPEAT (5), BENCH_STORE_DIR (.bench), BENCH_REPORT_NAMES (a comma-separated subset of
/// the reports, `monthly_pack` for the pack).
enum ReportsBench {
    static func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let sizes = (environment["BENCH_REPORT_SIZES"] ?? "10000,100000,1000000").split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let month = try ReportMonth(parsing: environment["BENCH_REPORT_MONTH"] ?? "2026-10")
        let shell = ShellRunner(
            executable: environment["BENCH_SQLITE3"] ?? "sqlite3",
            extensionPath: environment["BENCH_SQLITE_EXT"] ?? ".build/ticketreport_ext.so")
        let repeats = max(3, Int(environment["BENCH_REPEAT"] ?? "") ?? 5)
        let storeDirectory = environment["BENCH_STORE_DIR"] ?? ".bench"
        let only = environment["BENCH_REPORT_NAMES"].map { Set($0.split(separator: ",").map(String.init)) }

        let config = TicketReportConfig.default
        let catalog = ReportCatalog.builtIn
        let pack = try catalog.pack(named: "monthly")
        let arguments = ReportArguments(month: month)
        let previous = ReportArguments(month: month.previous)

        for size in sizes {
            let path = try StoreGenerator.ensure(path: "\(storeDirectory)/store-\(size).sqlite", tickets: size)
            let store = try config.openStore(path: path)
            let runner = ReportRunner(store: store)
            let label = sizeLabel(size)
            var shellScripts: [String: String] = [:]

            for name in pack.reports {
                let definition = try catalog.definition(named: name)
                let script = try shellChunk(definition, runner.bind(definition, arguments: arguments))
                shellScripts[name] = script
                if let only, !only.contains(name) { continue }
                try? writeCheckScript(script, name: name, directory: "\(storeDirectory)/report-sql")

                var rows = 0
                let warm = try measure { rows = try runner.run(definition, arguments: arguments).rows.count }
                let (tool, sqlite) = try compare(trials: repeats, estimate: warm) {
                    _ = try runner.run(definition, arguments: arguments)
                } shell: { estimate in
                    try shell.secondsPerRun(database: path, chunk: script, estimate: estimate)
                }
                BenchReport.emit(
                    BenchFigure(
                        name: "reports.\(label).\(name).seconds", value: tool.wall, unit: "s",
                        ratio: tool.wall / sqlite.wall,
                        baseline: String(
                            format: "sqlite3 shell %.4f s; CPU time %.2fx; %d rows", sqlite.wall, tool.cpu / sqlite.cpu,
                            rows),
                        goal: "<= 1.2x"))
            }

            if let only, !only.contains("monthly_pack") { continue }
            // The pack: the 12 reports plus the tiles' reports for the month before.
            var packScript = pack.reports.compactMap { shellScripts[$0] }.joined(separator: "\n")
            var statements = pack.reports.count
            for report in Set(pack.tiles.map(\.report)).sorted() {
                let definition = try catalog.definition(named: report)
                packScript += "\n" + (try shellChunk(definition, runner.bind(definition, arguments: previous)))
                statements += 1
            }
            let warm = try measure {
                _ = try MonthlyPack.build(store: store, config: config, month: month, catalog: catalog)
            }
            let (tool, sqlite) = try compare(trials: 3, estimate: warm) {
                _ = try MonthlyPack.build(store: store, config: config, month: month, catalog: catalog)
            } shell: { estimate in
                try shell.secondsPerRun(database: path, chunk: packScript, estimate: estimate)
            }
            BenchReport.emit(
                BenchFigure(
                    name: "reports.\(label).monthly_pack.seconds", value: tool.wall, unit: "s",
                    ratio: tool.wall / sqlite.wall,
                    baseline: String(
                        format:
                            "sqlite3 shell running the same %d statements one after another, %.3f s; CPU time %.2fx; the tool runs them on 2 connections",
                        statements, sqlite.wall,
                        tool.cpu / sqlite.cpu),
                    goal: size >= 1_000_000 ? "< 2 s" : nil))
        }
    }

    /// Alternates `trials` tool trials (each the mean of enough runs for ~0.1 s) with shell
    /// trials; returns the medians of each side's wall and CPU seconds per run.
    static func compare(
        trials: Int, estimate: Double, tool: () throws -> Void, shell: (Double) throws -> Cost
    ) throws -> (tool: Cost, shell: Cost) {
        let runs = max(1, min(100, Int((0.1 / max(estimate, 1e-5)).rounded(.up))))
        var toolCosts: [Cost] = []
        var shellCosts: [Cost] = []
        for _ in 0..<trials {
            let cost = try Cost.of { for _ in 0..<runs { try tool() } }
            toolCosts.append(Cost(wall: cost.wall / Double(runs), cpu: cost.cpu / Double(runs)))
            shellCosts.append(try shell(toolCosts.last!.wall))
        }
        return (
            Cost(wall: median(toolCosts.map(\.wall)), cpu: median(toolCosts.map(\.cpu))),
            Cost(wall: median(shellCosts.map(\.wall)), cpu: median(shellCosts.map(\.cpu)))
        )
    }

    static func sizeLabel(_ size: Int) -> String {
        if size % 1_000_000 == 0 { return "\(size / 1_000_000)M" }
        if size % 1_000 == 0 { return "\(size / 1_000)k" }
        return "\(size)"
    }

    /// `.param set` for every name the statement uses, with the tool's bound values, then the statement.
    static func shellChunk(_ definition: ReportDefinition, _ bound: BoundParameters) -> String {
        var lines = [".param clear"]
        for name in definition.usedParameterNames {
            // The built-in reports bind no empty text, so "" is NULL here.
            let value = bound.value(of: name) ?? ""
            if value.isEmpty {
                lines.append(".param set :\(name) NULL")
            } else {
                // The inner quotes make it an SQL text literal: `2026-10` unquoted would be 2016.
                let literal = "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
                let argument = literal.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "\"", with: "\\\"")
                lines.append(".param set :\(name) \"\(argument)\"")
            }
        }
        var sql = definition.sql.trimmingCharacters(in: .whitespacesAndNewlines)
        if !sql.hasSuffix(";") { sql += ";" }
        lines.append(sql)
        return lines.joined(separator: "\n") + "\n"
    }

    static func writeCheckScript(_ script: String, name: String, directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(script.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(name).sql"))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Runs scripts through the `sqlite3` shell with the extension loaded, output discarded.
struct ShellRunner {
    var executable: String
    var extensionPath: String

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Seconds per run of `chunk` (param settings + one or more statements), warm:
    /// (cost(1 + R runs) − cost(1 run)) / R, wall and CPU.
    func secondsPerRun(database: String, chunk: String, estimate: Double) throws -> Cost {
        let repeats = max(1, min(500, Int((0.25 / max(estimate, 1e-5)).rounded(.up))))
        let once = try cost(database: database, script: chunk)
        let many = try cost(database: database, script: String(repeating: chunk, count: 1 + repeats))
        return Cost(
            wall: max(0, many.wall - once.wall) / Double(repeats), cpu: max(0, many.cpu - once.cpu) / Double(repeats))
    }

    /// Runs the shell on `script` and waits for it with wait4: exact wall time and the
    /// child's own CPU time (Foundation's Process polls for exit every 50 ms, too coarse here).
    func cost(database: String, script: String) throws -> Cost {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ticketreport-bench-\(ProcessInfo.processInfo.processIdentifier)"
        ).path
        let inputPath = base + ".sql"
        let errorPath = base + ".err"
        try Data((".output /dev/null\n" + script).utf8).write(to: URL(fileURLWithPath: inputPath))
        defer {
            try? FileManager.default.removeItem(atPath: inputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let arguments = [executable, "-readonly", "-bail", "-cmd", ".load \(extensionPath)", database]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        var pid: pid_t = 0
        var status: Int32 = 0
        var usage = rusage()
        let start = ContinuousClock.now
        let spawned = posix_spawnp(&pid, executable, &actions, nil, &argv, environ)
        guard spawned == 0 else { throw Failed(description: "cannot start \(executable): error \(spawned)") }
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }

        let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0, message.isEmpty else {
            throw Failed(description: "sqlite3 failed (status \(status)): \(message.prefix(500))")
        }
        return Cost(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
}

/// Wall and CPU seconds (user + system, from getrusage).
struct Cost {
    var wall: Double
    var cpu: Double

    /// The cost of `body` in this process.
    static func of(_ body: () throws -> Void) rethrows -> Cost {
        let before = cpuSeconds()
        let wall = try measure(body)
        return Cost(wall: wall, cpu: cpuSeconds() - before)
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
