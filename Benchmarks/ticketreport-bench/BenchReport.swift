import Foundation

/// One benchmark figure: printed as a line and appended to bench-results.json.
struct BenchFigure: Codable {
    var name: String
    var value: Double
    var unit: String
    /// The same-run ratio against the baseline named in `baseline`, when there is one.
    var ratio: Double?
    var baseline: String?
    var goal: String?
}

enum BenchReport {
    static let resultsPath = ProcessInfo.processInfo.environment["BENCH_RESULTS"] ?? "bench-results.json"

    static func emit(_ figure: BenchFigure) {
        var line = "bench: \(figure.name) \(format(figure.value)) \(figure.unit)"
        if let ratio = figure.ratio, let baseline = figure.baseline {
            line += String(format: " (%.2fx %@)", ratio, baseline)
        }
        if let goal = figure.goal { line += " [goal: \(goal)]" }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        var all: [BenchFigure] = []
        if let data = FileManager.default.contents(atPath: resultsPath) {
            all = (try? JSONDecoder().decode([BenchFigure].self, from: data)) ?? []
        }
        all.removeAll { $0.name == figure.name }
        all.append(figure)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(all) {
            _ = FileManager.default.createFile(atPath: resultsPath, contents: data)
        }
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.3g", value)
    }
}

/// Wall-clock seconds of `body`.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func measureAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func scratchPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ticketreport-bench")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return path
}
