import Foundation
import Ingest
import Synchronization
import TicketStore

/// Renders ingest events as one status line on stderr (only when it is a terminal).
struct ProgressPrinter: Sendable {
    var handle: @Sendable (IngestEvent) -> Void {
        { event in
            // Which kind of sync runs, and why, matters in a cron mail too.
            if case .syncPlanned(let plan) = event { Terminal.note(plan.line) }
            guard Terminal.stderrIsTTY else { return }
            switch event {
            case .started(_, let planned, let skipped):
                if skipped > 0 {
                    Terminal.note("Skipping \(skipped) ids already in the store (use --refresh to fetch them again).")
                }
                if let planned { Terminal.progress("0/\(planned) tickets") }
            case .progress(let progress):
                Terminal.progress(progress.line)
            case .retrying, .failed, .syncPlanned:
                break
            }
        }
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
