import ArgumentParser
import Foundation
import HelpdeskSimulator
import Logging

/// `helpdesk-sim`: runs the simulated helpdesk on 127.0.0.1 until SIGINT or SIGTERM.
struct HelpdeskSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpdesk-sim",
        abstract: "Run a simulated WHMCS-style helpdesk (Get Ticket and GetTickets API) on 127.0.0.1.",
        discussion: """
            The bearer token comes from --token-file or TICKETREPORT_TOKEN (default "sim-token"); \
            the WHMCS credentials from TICKETREPORT_IDENTIFIER and TICKETREPORT_SECRET \
            (defaults "sim-identifier" and "sim-secret"). On start one line is printed to stdout: \
            "helpdesk-sim listening on URL (N tickets, seed S)", with ", epoch E" when --epoch is \
            above 0. Faults are transient: a faulting ticket id fails on its first attempt(s) only. \
            Each epoch is one more day of the helpdesk: new tickets, replies, closes, reopens; the \
            same seed and epoch always serve the same tickets.
            """)

    @Option(help: "Port to listen on (0: the system picks one).")
    var port = 0

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 1

    @Option(help: "Number of ticket ids (about 2% of them deleted).")
    var tickets = 1_000

    @Option(help: "Path of the Get Ticket endpoint (/includes/api.php is served too).")
    var path = SimulatorConfiguration.defaultPath

    @Flag(help: "Fill text fields with markup, formulas, SQL, control characters and invalid UTF-8.")
    var hostile = false

    @Flag(help: "Vary the JSON shape per ticket as real WHMCS installs do.")
    var quirks = false

    @Option(name: .customLong("latency-ms"), help: "Latency added to every request, in milliseconds.")
    var latencyMilliseconds = 0

    @Option(help: "Share of ticket ids that fault, spread evenly over all fault kinds.")
    var faultRate: Double?

    @Option(name: .customLong("fault-500"), help: "Share of ids answered with HTTP 500.")
    var fault500: Double?

    @Option(name: .customLong("fault-429"), help: "Share of ids answered with HTTP 429 and Retry-After.")
    var fault429: Double?

    @Option(name: .customLong("fault-503"), help: "Share of ids answered with HTTP 503 and Retry-After.")
    var fault503: Double?

    @Option(name: .customLong("fault-truncate"), help: "Share of ids answered with half of the JSON body.")
    var faultTruncate: Double?

    @Option(name: .customLong("fault-drop"), help: "Share of ids whose connection is closed without a response.")
    var faultDrop: Double?

    @Option(help: "How many attempts of a faulting id fail before it succeeds.")
    var faultAttempts = 1

    @Option(help: "Retry-After sent with 429 and 503, in seconds.")
    var retryAfter = 1

    @Option(help: "Answer every request with a 200 body of this many bytes that never ends its JSON.")
    var hugeBodyBytes: Int?

    @Flag(help: "Accept requests and never answer them.")
    var neverAnswer = false

    @Option(
        help: ArgumentHelp(
            "Serve these response bodies instead of generated tickets: files named <ticket id>.json (others are not found).",
            valueName: "folder"))
    var responses: String?

    @Option(help: ArgumentHelp("Answer every request with this file's bytes (see --answer-status).", valueName: "file"))
    var answerFile: String?

    @Option(help: "HTTP status of --answer-file's answer.")
    var answerStatus = 200

    @Option(help: "Content type of --answer-file's answer.")
    var answerContentType = "application/json"

    @Option(help: "File holding the bearer token (instead of TICKETREPORT_TOKEN).")
    var tokenFile: String?

    // Unconditional, so `--epoch -1` reaches validate() instead of reading as a missing value.
    @Option(
        parsing: .unconditional, help: "Days the helpdesk has lived past the generated period (0: as generated).")
    var epoch = 0

    @Option(help: "Chance that a ticket that is not closed changes in an epoch.")
    var changeRate = SimulatedDataset.defaultChangeRate

    @Option(help: "Tickets each epoch opens (default: tickets / 200, at least 1).")
    var newTicketsPerEpoch: Int?

    @Option(help: "Share of the generated tickets that are open (default: most old tickets closed).")
    var openShare: Double?

    @Flag(help: "Refuse GetTickets (HTTP 403 \"Invalid Permissions\"), like an API role without it.")
    var noGetTickets = false

    @Flag(help: .hidden)
    var measureGeneration = false

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "warning"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard tickets >= 1 else { throw ValidationError("--tickets must be at least 1.") }
        guard path.hasPrefix("/") else { throw ValidationError("--path must start with '/'.") }
        guard latencyMilliseconds >= 0 else { throw ValidationError("--latency-ms must not be negative.") }
        guard faultAttempts >= 1 else { throw ValidationError("--fault-attempts must be at least 1.") }
        guard retryAfter >= 0 else { throw ValidationError("--retry-after must not be negative.") }
        if let hugeBodyBytes, hugeBodyBytes < 1 { throw ValidationError("--huge-body-bytes must be positive.") }
        for (flag, rate) in [
            ("--fault-rate", faultRate), ("--fault-500", fault500), ("--fault-429", fault429),
            ("--fault-503", fault503), ("--fault-truncate", faultTruncate), ("--fault-drop", faultDrop),
        ] {
            if let rate, !(0...1).contains(rate) { throw ValidationError("\(flag) must be between 0 and 1.") }
        }
        guard epoch >= 0 else { throw ValidationError("--epoch must not be negative.") }
        guard (0...1).contains(changeRate) else { throw ValidationError("--change-rate must be between 0 and 1.") }
        if let newTicketsPerEpoch, newTicketsPerEpoch < 0 {
            throw ValidationError("--new-tickets-per-epoch must not be negative.")
        }
        if let openShare, !(0...1).contains(openShare) {
            throw ValidationError("--open-share must be between 0 and 1.")
        }
        guard (100...599).contains(answerStatus) else { throw ValidationError("--answer-status must be 100…599.") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "helpdesk-sim")
        let environment = ProcessInfo.processInfo.environment

        var configuration = SimulatorConfiguration(
            seed: seed, ticketCount: tickets, hostile: hostile, quirks: quirks,
            latencyMilliseconds: latencyMilliseconds, path: path, epoch: epoch, changeRate: changeRate,
            newTicketsPerEpoch: newTicketsPerEpoch, openShare: openShare, getTicketsAllowed: !noGetTickets)
        if measureGeneration {
            measure(configuration.dataset)
            return
        }
        if let tokenFile {
            guard let contents = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw UsageError(
                    description: "cannot read the token file \(tokenFile) (check the path and permissions)")
            }
            configuration.token = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !configuration.token.isEmpty else {
                throw UsageError(description: "the token file \(tokenFile) is empty (put the token on its first line)")
            }
        } else if let token = environment["TICKETREPORT_TOKEN"], !token.isEmpty {
            configuration.token = token
        } else {
            note("TICKETREPORT_TOKEN is not set: using the simulator's default token (see --help)")
        }
        if let identifier = environment["TICKETREPORT_IDENTIFIER"], !identifier.isEmpty {
            configuration.identifier = identifier
        }
        if let secret = environment["TICKETREPORT_SECRET"], !secret.isEmpty {
            configuration.secret = secret
        }

        var faults = faultRate.map { FaultConfiguration(spreading: $0) } ?? FaultConfiguration()
        for (kind, rate) in [
            (FaultKind.internalServerError, fault500), (.tooManyRequests, fault429),
            (.serviceUnavailable, fault503), (.truncatedBody, faultTruncate), (.droppedConnection, faultDrop),
        ] {
            if let rate { faults.rates[kind] = rate }
        }
        faults.retryAfterSeconds = retryAfter
        faults.attempts = faultAttempts
        faults.hugeBodyBytes = hugeBodyBytes
        faults.neverAnswer = neverAnswer
        if let answerFile {
            guard let body = FileManager.default.contents(atPath: answerFile) else {
                throw UsageError(description: "cannot read --answer-file \(answerFile)")
            }
            faults.everyAnswer = CannedAnswer(status: answerStatus, contentType: answerContentType, body: Array(body))
        }
        configuration.faults = faults
        if let responses { configuration.cannedAnswers = try Self.cannedAnswers(in: responses) }

        let server = HelpdeskSimulatorServer(configuration: configuration, logger: logger)
        let summary = "(\(tickets) tickets, seed \(seed)\(epoch > 0 ? ", epoch \(epoch)" : ""))"
        try await server.runUntilSignalled(port: port) { endpoint in
            // One unbuffered write: scripts wait for this line to learn the port.
            FileHandle.standardOutput.write(Data("helpdesk-sim listening on \(endpoint.url) \(summary)\n".utf8))
        }
        logger.info("helpdesk-sim stopped", metadata: ["stats": "\(server.stats)"])
    }

    /// `<id>.json` files of a folder, served as the tickets with those ids.
    static func cannedAnswers(in folder: String) throws -> [Int: CannedAnswer] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw UsageError(description: "cannot read the --responses folder \(folder)")
        }
        var answers: [Int: CannedAnswer] = [:]
        for name in names where name.hasSuffix(".json") {
            guard let id = Int(name.dropLast(5)), let body = FileManager.default.contents(atPath: "\(folder)/\(name)")
            else { continue }
            answers[id] = CannedAnswer(body: Array(body))
        }
        guard !answers.isEmpty else {
            throw UsageError(description: "--responses \(folder) holds no <ticket id>.json files")
        }
        return answers
    }

    /// Generates (and encodes) every ticket without serving: for benchmarks.
    private func measure(_ dataset: SimulatedDataset) {
        let clock = ContinuousClock()
        var existing = 0
        var start = clock.now
        for id in dataset.ids where dataset.ticket(id: id) != nil { existing += 1 }
        let generation = clock.now - start
        var bytes = 0
        start = clock.now
        for id in dataset.ids { bytes += dataset.responseBody(id: id)?.count ?? 0 }
        let encoding = clock.now - start
        func rate(_ duration: Duration) -> Int {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return Int(Double(dataset.ticketCount) / max(seconds, 1e-9))
        }
        print("generate: \(dataset.ticketCount) ids, \(existing) tickets, \(rate(generation)) tickets/s")
        print("generate+encode: \(bytes) bytes of JSON, \(rate(encoding)) tickets/s")
        start = clock.now
        let open = dataset.openCount
        print("listing at epoch \(dataset.epoch): \(open) open tickets, index built in \(clock.now - start)")
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("note: \(message)\n".utf8))
    }
}

/// A failure ArgumentParser reports as `Error: …` with exit code 1.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// The entry point. Top-level code in main.swift picks ParsableCommand's synchronous
/// `main()`, which refuses async commands; inside an async function the async one wins.
func runHelpdeskSim() async {
    await HelpdeskSim.main()
}

await runHelpdeskSim()
