import ArgumentParser
import Config
import Exporters
import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import Reporting
import TicketStore

/// `ticketreport demo`: the whole pipeline on the built-in simulated helpdesk, no setup.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on a built-in simulated helpdesk and write the monthly pack.",
        discussion: """
            Starts the simulated helpdesk on a free 127.0.0.1 port, ingests its tickets (with
            a few injected faults, retried), and writes the pack for the latest complete month.
            """)

    @Option(help: "The folder for the pack and the demo store.")
    var out: String = "demo-output"

    @Option(help: "The demo store (default: OUT/tickets.sqlite, recreated on every run).")
    var db: String?

    @Option(help: "Tickets the simulated helpdesk holds.")
    var tickets: Int = 3000

    @Option(help: "Seed of the simulated data.")
    var seed: UInt64 = 1

    @Flag(help: "Fill the simulated tickets with hostile text (markup, formulas, control characters).")
    var hostile = false

    @Option(name: .long, help: "error, warning, info, debug or trace (stderr).")
    var logLevel: String = "warning"

    func validate() throws {
        guard (10...1_000_000).contains(tickets) else { throw ValidationError("--tickets must be 10…1000000") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storePath = db ?? folder.appendingPathComponent("tickets.sqlite").path
        if db != nil, FileManager.default.fileExists(atPath: storePath) {
            throw CLIError.usage("the demo needs a fresh store: \(storePath) exists (remove it or pick another --db)")
        }
        // The default demo store is disposable: start clean so the figures are the same every run.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

        var simulator = SimulatorConfiguration(seed: seed, ticketCount: tickets, hostile: hostile, quirks: true)
        simulator.faults = FaultConfiguration(spreading: 0.02, retryAfterSeconds: 0)
        Terminal.note(
            "Simulated helpdesk: \(tickets) tickets (seed \(seed)), 2% of requests fail once and are retried.")

        try await withHelpdeskSimulator(simulator) { endpoint in
            let global = try GlobalOptions.parse(["--db", storePath, "--log-level", logLevel])
            let connection = try ConnectionOptions.parse(["--url", endpoint.url, "--concurrency", "16"])
            var driver = try IngestDriver(global: global, options: connection, config: .default)
            driver.credentialsOverride = .bearer(token: simulator.token)
            try await driver.run(
                IngestRequest(selection: .range(from: 1, to: tickets), stopAfterMissing: 50),
                resumeHint: "ticketreport demo")
        }

        let store = try TicketReportConfig.default.openStore(path: storePath)
        let month = try ReportMonth.lastComplete(in: store)
        let pack = try MonthlyPack.build(store: store, config: .default, month: month)
        try PackWriter(folder: out).write(pack) { Terminal.out("Wrote \($0.path)") }
        Terminal.out("Monthly pack for \(month) from the demo store \(storePath).")
        Terminal.out(
            "Next: point it at your helpdesk with TICKETREPORT_TOKEN=… ticketreport ingest --url https://YOUR-HELPDESK/api/getticket --from 1 --to 5000, then ticketreport monthly"
        )
    }
}
