import Foundation

/// `ticketreport-bench STAGE…`: each stage prints `bench:` lines and updates bench-results.json.
let arguments = Array(CommandLine.arguments.dropFirst())
// `generate-store PATH N [SEED]`: a store of N simulated tickets, reused when already there.
if arguments.first == "generate-store" {
    guard arguments.count >= 3, let count = Int(arguments[2]), count >= 1 else {
        FileHandle.standardError.write(Data("usage: ticketreport-bench generate-store PATH N [SEED]\n".utf8))
        exit(1)
    }
    do {
        try StoreGenerator.ensure(
            path: arguments[1], tickets: count, seed: arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1)
    } catch {
        FileHandle.standardError.write(Data("generate-store failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
let stages = arguments.isEmpty ? ["store-write", "ingest"] : arguments
do {
    for stage in stages {
        switch stage {
        case "store-write":
            try StoreWriteBench.run(tickets: Int(ProcessInfo.processInfo.environment["BENCH_TICKETS"] ?? "") ?? 50_000)
        case "rebuild":
            try RebuildBench.run(tickets: Int(ProcessInfo.processInfo.environment["BENCH_TICKETS"] ?? "") ?? 50_000)
        case "decode":
            try DecodeBench.run()
        case "ingest-breakdown":
            try await IngestBreakdownBench.run()
        case "ingest":
            try await IngestBench.run()
        case "sync-requests":
            try await SyncBench.run()
        case "reports":
            try ReportsBench.run()
        case "xlsx":
            try XLSXBench.run()
        case "xlsx-child":  // one write in a fresh process, for XLSXBench
            try XLSXBench.child()
        case "html":
            try HTMLBench.run()
        case "pack":
            try PackBench.run()
        default:
            FileHandle.standardError.write(Data("unknown stage \(stage) (store-write, rebuild, ingest, …)\n".utf8))
            exit(1)
        }
    }
} catch {
    FileHandle.standardError.write(Data("bench failed: \(error)\n".utf8))
    exit(1)
}
