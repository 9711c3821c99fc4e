import Foundation
import Ingest
import Synchronization
import TicketStore

/// Renders ingest events as one status line on stderr (only when it is a terminal).
final class ProgressPrinter: Sendable {
    private let enabled: Bool
    private let retries = Mutex(0)
    private let failure = Mutex<(ticketID: Int, reason: String)?>(nil)

    init(enabled: Bool) {
        self.enabled = enabled && Terminal.stderrIsTTY
    }

    var handle: @Sendable (IngestEvent) -> Void {
        { [self] event in self.render(event) }
    }

    /// The lowest failed ticket id and why it failed, for the closing summary (kept
    /// whether or not progress is shown).
    var firstFailure: (ticketID: Int, reason: String)? { failure.withLock { $0 } }

    private func render(_ event: IngestEvent) {
        if case .failed(let id, let reason) = event {
            failure.withLock { first in
                if first == nil || id < first!.ticketID { first = (id, reason) }
            }
        }
        guard enabled else { return }
        switch event {
        case .started(_, let planned, let skipped):
            if skipped > 0 {
                Terminal.note("Skipping \(skipped) ids already in the store (use --refresh to fetch them again).")
            }
            if let planned { Terminal.progress("0/\(planned) tickets") }
        case .progress(let progress):
            let c = progress.counts
            var line = progress.total.map { "\(progress.done)/\($0)" } ?? "\(progress.done)"
            line += String(format: " tickets · %.0f/s · %d stored · %d missing", progress.rate, c.stored, c.notFound)
            if c.failed > 0 || c.retries > 0 { line += " · \(c.failed) failed · \(c.retries) retries" }
            if let eta = progress.etaSeconds { line += " · ETA \(Self.format(seconds: eta))" }
            Terminal.progress(line)
        case .retrying, .failed:
            break
        }
    }

    static func format(seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}

/// Turns the first Ctrl-C (or SIGTERM) into a cancellation; a second one exits at once.
///
/// `@unchecked` because Dispatch signal sources are thread-safe but not annotated `Sendable`.
final class InterruptHandler: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let count = Mutex(0)

    init(onInterrupt: @escaping @Sendable () -> Void) {
        var made: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            made.append(source)
        }
        sources = made
        for source in sources {
            source.setEventHandler { [self] in
                let presses = self.count.withLock { value in
                    value += 1
                    return value
                }
                if presses == 1 {
                    Terminal.note("\nStopping: finishing the current batch (Ctrl-C again to quit at once)…")
                    onInterrupt()
                } else {
                    exit(130)
                }
            }
            source.resume()
        }
    }

    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
