import HelpdeskAPI
import TicketStore

/// A snapshot of a run in progress, for a progress line.
public struct IngestProgress: Sendable, Equatable {
    /// Ids finished (stored, not found or failed) in this run.
    public var done: Int
    /// Ids planned in this run; nil for an open-ended range.
    public var total: Int?
    public var counts: RunCounts
    public var elapsedSeconds: Double

    /// Finished ids per second so far.
    public var rate: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }

    /// Seconds left at the current rate, when the total is known.
    public var etaSeconds: Double? {
        guard let total, rate > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }
}

/// Things an ingest run reports while it works; the CLI decides what to show.
public enum IngestEvent: Sendable {
    case started(runID: Int64, planned: Int?, skipped: Int)
    case progress(IngestProgress)
    /// An attempt failed and will be retried after `delaySeconds`.
    case retrying(ticketID: Int, attempt: Int, delaySeconds: Double, reason: String)
    /// An id failed for good in this run.
    case failed(ticketID: Int, reason: String)
}

/// How a run ended.
public struct IngestSummary: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case completed, partial, interrupted
    }
    public var runID: Int64
    public var outcome: Outcome
    public var counts: RunCounts
    public var elapsedSeconds: Double
    /// The ids that still failed after retries (also in `fetch_log`).
    public var failedIDs: [Int]

    /// Tickets stored per second.
    public var ticketsPerSecond: Double { elapsedSeconds > 0 ? Double(counts.stored) / elapsedSeconds : 0 }
}

/// A run that had to stop: the helpdesk refused the credentials or is not a Get Ticket
/// endpoint, answered the first ids with nothing but one error, could not be reached, or the
/// store could not be written. Work completed before the stop is kept.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The helpdesk refused the request; the refusal says what to change.
        case authentication(HelpdeskError.Refusal)
        /// The URL does not answer like a Get Ticket endpoint.
        case notAnEndpoint
        /// The first ``Ingester/firstAnswersVerdict`` answers were all the same error.
        case repeatedErrors
        case unreachable, store, invalidRequest
    }
    public var kind: Kind
    public var message: String
    /// What the run did before it stopped.
    public var counts: RunCounts

    public init(_ kind: Kind, _ message: String, counts: RunCounts = RunCounts()) {
        self.kind = kind
        self.message = message
        self.counts = counts
    }

    public var description: String { message }
}
