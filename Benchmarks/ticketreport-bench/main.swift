import Foundation

/// `ticketreport-bench STAGE…`: each stage prints `bench:` lines and updates bench-results.json.
let arguments = Array(CommandLine.arguments.dropFirst())
let stages = arguments.isEmpty ? ["store-write", "ingest"] : arguments
do {
    for stage in stages {
        switch stage {
        case "store-write":
            try StoreWriteBench.run(tickets: Int(ProcessInfo.processInfo.environment["BENCH_TICKETS"] ?? "") ?? 50_000)
        case "ingest":
            try await IngestBench.run()
        default:
            FileHandle.standardError.write(Data("unknown stage \(stage) (store-write, ingest)\n".utf8))
            exit(1)
        }
    }
} catch {
    FileHandle.standardError.write(Data("bench failed: \(error)\n".utf8))
    exit(1)
}
