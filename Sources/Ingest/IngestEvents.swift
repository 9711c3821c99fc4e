import Foundation
import HelpdeskAPI
import TicketStore

/// A snapshot of a run in progress, for a progress line.
package struct IngestProgress: Sendable, Equatable {
    /// Ids finished (stored, not found or failed) in this run.
    package var done: Int
    /// Ids planned in this run; nil for an open-ended range.
    package var total: Int?
    package var counts: RunCounts
    package var elapsedSeconds: Double

    /// Finished ids per second so far.
    package var rate: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }

    /// Seconds left at the current rate, when the total is known.
    package var etaSeconds: Double? {
        guard let total, rate > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }
}

/// Things an ingest run reports while it works; the CLI decides what to show.
package enum IngestEvent: Sendable {
    case started(runID: Int64, planned: Int?, skipped: Int)
    case progress(IngestProgress)
    /// An attempt failed and will be retried after `delaySeconds`.
    case retrying(ticketID: Int, attempt: Int, delaySeconds: Double, reason: String)
    /// An id failed for good in this run.
    case failed(ticketID: Int, reason: String)
    /// A sync decided what to fetch (before `started`).
    case syncPlanned(SyncPlan)
}

/// How a run ended.
package struct IngestSummary: Sendable, Equatable {
    package enum Outcome: String, Sendable {
        case completed, partial, interrupted
    }
    package var runID: Int64
    package var outcome: Outcome
    package var counts: RunCounts
    package var elapsedSeconds: Double
    /// The ids that still failed after retries (also in `fetch_log`).
    package var failedIDs: [Int]
    /// Why the lowest of them failed, as the helpdesk or the network said.
    package var firstFailureReason: String?

    /// Tickets stored per second.
    package var ticketsPerSecond: Double { elapsedSeconds > 0 ? Double(counts.stored) / elapsedSeconds : 0 }
}

/// A run that had to stop: the helpdesk refused the credentials or is not a Get Ticket
/// endpoint, answered the first ids with nothing but one error, could not be reached, or the
/// store could not be written. Work completed before the stop is kept.
package struct IngestError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The helpdesk refused the request; the refusal says what to change.
        case authentication(HelpdeskError.Refusal)
        /// The URL does not answer like a Get Ticket endpoint.
        case notAnEndpoint
        /// The first ``Ingester/firstAnswersVerdict`` answers were all the same error.
        case repeatedErrors
        case unreachable, store, invalidRequest
    }
    package var kind: Kind
    package var message: String
    /// What the run did before it stopped.
    package var counts: RunCounts

    package init(_ kind: Kind, _ message: String, counts: RunCounts = RunCounts()) {
        self.kind = kind
        self.message = message
        self.counts = counts
    }

    package var description: String { message }
}

extension IngestProgress {
    /// `1200/5000 tickets · 850/s · 1180 stored · 20 missing · ETA 4s`, for a status line.
    package var line: String {
        var line = total.map { "\(done)/\($0)" } ?? "\(done)"
        line += String(format: " tickets · %.0f/s · %d stored · %d missing", rate, counts.stored, counts.notFound)
        if counts.failed > 0 || counts.retries > 0 { line += " · \(counts.failed) failed · \(counts.retries) retries" }
        if let etaSeconds { line += " · ETA \(Self.duration(etaSeconds))" }
        return line
    }

    /// `4s`, `2m05s`, `1h07m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}

extension IngestSummary {
    /// Why a partial run is partial: how many failed, the first ones and why the lowest did
    /// (the reason may quote the server, so control characters become `?`), and how to fetch
    /// just those again; nil when nothing failed.
    package func failureMessage(retries: Int) -> String? {
        guard let first = failedIDs.first else { return nil }
        let reason =
            firstFailureReason.map { reason in
                "; ticket \(first): "
                    + String(
                        String.UnicodeScalarView(
                            reason.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
            } ?? ""
        return
            "\(counts.failed) ticket(s) still failed after \(retries) retries (first: \(failedIDs.prefix(5).map(String.init).joined(separator: ", "))\(reason)); fetch just those again with: ticketreport ingest --url … --retry-failed"
    }

    /// `Done: 2944 stored, 56 not found, 0 failed, 0 skipped, 49 retries in 3.1 s (963 tickets/s)`.
    package var line: String {
        let c = counts
        return String(
            format: "%@: %d stored, %d not found, %d failed, %d skipped, %d retries in %.1f s (%.0f tickets/s)",
            outcome == .interrupted ? "Interrupted" : "Done", c.stored, c.notFound, c.failed, c.skipped, c.retries,
            elapsedSeconds, ticketsPerSecond)
    }
}
