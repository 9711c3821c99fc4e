import Foundation
import HelpdeskAPI
import Logging
import Synchronization
import TicketStore

/// Pulls tickets into the store: bounded concurrency, optional rate limit, retries with
/// backoff, one writer committing batches, resume and refresh, cancellation.
///
/// For example:
///
///     let summary = try await Ingester(fetcher: client, store: store, logger: logger)
///         .run(IngestRequest(selection: .range(from: 1, to: 5000)), runInfo: info)
package struct Ingester: Sendable {
    /// What `ingest_runs` records about a run besides the request; must hold no secret.
    package struct RunInfo: Sendable {
        package var url: String
        package var authStyle: String
        package var requestText: String
        package var optionsJSON: String
        package init(url: String, authStyle: String, requestText: String, optionsJSON: String) {
            self.url = url
            self.authStyle = authStyle
            self.requestText = requestText
            self.optionsJSON = optionsJSON
        }
    }

    /// How many answers a run waits for before it trusts the helpdesk: when all of the first
    /// this many are the same error (not a missing ticket, not throttling), the run stops
    /// instead of asking for every id of the range, and no more ids than this are asked
    /// before the first good answer.
    package static let firstAnswersVerdict = 20

    let fetcher: any TicketFetching
    let store: TicketStore
    let logger: Logger
    let onEvent: @Sendable (IngestEvent) -> Void
    let clock: any IngestClock

    /// - Parameter clock: what the rate limit and retry backoff wait on; tests pass one
    ///   they move by hand.
    package init(
        fetcher: any TicketFetching, store: TicketStore, logger: Logger,
        clock: any IngestClock = ContinuousIngestClock(),
        onEvent: @escaping @Sendable (IngestEvent) -> Void = { _ in }
    ) {
        self.fetcher = fetcher
        self.store = store
        self.logger = logger
        self.clock = clock
        self.onEvent = onEvent
    }

    /// Runs the request to the end, to an interruption (task cancellation), or to a fatal error.
    ///
    /// Cancellation stops scheduling, cancels in-flight requests, commits every ticket that
    /// completed and records the run as interrupted: running the same request again resumes.
    package func run(_ request: IngestRequest, runInfo: RunInfo) async throws(IngestError) -> IngestSummary {
        guard request.concurrency >= 1, request.retries >= 0, request.stopAfterMissing >= 1 else {
            throw IngestError(.invalidRequest, "concurrency, retries and stop-after-missing must be positive")
        }
        let plan: IngestPlan
        let runID: Int64
        do {
            plan = try IngestPlan(request: request, store: store)
            runID = try store.beginRun(
                source: request.source, url: runInfo.url, authStyle: runInfo.authStyle,
                request: runInfo.requestText, options: runInfo.optionsJSON)
        } catch {
            throw IngestError(.store, error.description)
        }
        onEvent(.started(runID: runID, planned: plan.plannedCount, skipped: plan.skipped))

        let run = RunState(plan: plan, request: request)
        let writer = BatchWriter(store: store, source: request.source, runID: runID, batchSize: request.batchSize)
        let start = ContinuousClock.now
        var fatal: IngestError?
        do {
            try await schedule(request: request, run: run, writer: writer, start: start)
        } catch let error as IngestError {
            fatal = error
        } catch {
            // Only cancellation reaches here: the run is interrupted, not failed.
        }
        let interrupted = Task.isCancelled && fatal == nil
        // The writer drains everything that completed, even after a cancellation.
        let writeError = await writer.finish()
        var counts = run.counts
        counts.skipped = plan.skipped
        if let writeError {
            fatal = IngestError(.store, writeError.description)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let outcome: String
        if fatal != nil {
            outcome = "failed"
        } else if interrupted {
            outcome = "interrupted"
        } else {
            outcome = counts.failed > 0 ? "partial" : "completed"
        }
        try? store.finishRun(runID, outcome: outcome, counts: counts)
        if var fatal {
            fatal.counts = counts
            throw fatal
        }
        return IngestSummary(
            runID: runID,
            outcome: interrupted ? .interrupted : (counts.failed > 0 ? .partial : .completed),
            counts: counts, elapsedSeconds: elapsed, failedIDs: run.failedIDs.sorted(),
            firstFailureReason: run.firstFailure?.reason)
    }

    /// The scheduler: keeps `concurrency` fetches in flight and hands finished ones to the writer.
    private func schedule(request: IngestRequest, run: RunState, writer: BatchWriter, start: ContinuousClock.Instant)
        async throws
    {
        let limiter = request.ratePerSecond.map { RateLimiter(ratePerSecond: $0, clock: clock) }
        var lastProgress = ContinuousClock.now
        var verdict = FirstAnswers(limit: Self.firstAnswersVerdict)
        try await withThrowingTaskGroup(of: FetchResult.self) { group in
            var inFlight = 0
            var dispatched = 0
            func handle(_ result: FetchResult) throws {
                inFlight -= 1
                switch result.outcome {
                case .record(let record):
                    run.record(record)
                    writer.append(record)
                    if case .failed(let id, _, _, let error) = record {
                        onEvent(.failed(ticketID: id, reason: error))
                    }
                    if let stop = verdict.observe(record, countsTowardVerdict: result.failureCountsTowardVerdict) {
                        throw IngestError(.repeatedErrors, stop)
                    }
                case .stop(let error):
                    switch error.kind {
                    case .authenticationFailed(let refusal):
                        throw IngestError(.authentication(refusal), error.description)
                    default: throw IngestError(.notAnEndpoint, error.description)
                    }
                case .unreachable(let message):
                    throw IngestError(.unreachable, message)
                case .cancelled:
                    break
                }
                run.addRetries(result.retries)
                if let error = writer.failure { throw IngestError(.store, error.description) }
                let now = ContinuousClock.now
                if now - lastProgress >= .milliseconds(250) {
                    lastProgress = now
                    onEvent(.progress(run.progress(elapsed: (now - start).seconds)))
                }
            }

            scheduling: while !Task.isCancelled {
                // Wait for a free slot before taking the next id, so the open-ended stop
                // rule sees every result that arrived meanwhile.
                // Until one good answer arrives, at most `limit` ids are asked: a wrong URL or a
                // refusing helpdesk costs that many requests, not the whole range.
                let held = !verdict.trusted && dispatched >= verdict.limit
                if inFlight >= request.concurrency || (held && inFlight > 0), let result = try await group.next() {
                    try handle(result)
                    continue
                }
                let id: Int
                switch run.nextID() {
                case .fetch(let next): id = next
                case .done: break scheduling
                case .wait:
                    guard inFlight > 0, let result = try await group.next() else { break scheduling }
                    try handle(result)
                    continue
                }
                group.addTask {
                    await fetchWithRetries(id: id, request: request, limiter: limiter)
                }
                inFlight += 1
                dispatched += 1
            }
            while let result = try await group.next() {
                try handle(result)
            }
            onEvent(.progress(run.progress(elapsed: (ContinuousClock.now - start).seconds)))
        }
    }

    /// One id, with retries: exponential backoff with jitter, at least `Retry-After` when throttled.
    private func fetchWithRetries(id: Int, request: IngestRequest, limiter: RateLimiter?) async -> FetchResult {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await limiter?.acquire()
                try Task.checkCancellation()
            } catch {
                return FetchResult(outcome: .cancelled, retries: attempt - 1)
            }
            let result: GetTicketResult
            do {
                result = try await fetcher.getTicket(.id(id))
            } catch {
                if Task.isCancelled { return FetchResult(outcome: .cancelled, retries: attempt - 1) }
                switch error.kind {
                case .authenticationFailed, .notAnEndpoint:
                    return FetchResult(outcome: .stop(error), retries: attempt - 1)
                case .permanent:
                    return FetchResult(
                        outcome: .record(
                            .failed(ticketID: id, attempts: attempt, httpStatus: error.httpStatus, error: error.message)
                        ),
                        retries: attempt - 1, failureCountsTowardVerdict: true)
                case .throttled, .transient, .unreachable:
                    guard attempt <= request.retries else {
                        if error.kind == .unreachable {
                            return FetchResult(outcome: .unreachable(error.message), retries: attempt - 1)
                        }
                        return FetchResult(
                            outcome: .record(
                                .failed(
                                    ticketID: id, attempts: attempt, httpStatus: error.httpStatus,
                                    error: error.message)),
                            retries: attempt - 1,
                            // Throttling says nothing about the URL: only the helpdesk's patience.
                            failureCountsTowardVerdict: error.kind == .transient)
                    }
                    var retryAfter: Double?
                    if case .throttled(let seconds?) = error.kind { retryAfter = seconds }
                    var random = SystemRandomNumberGenerator()
                    let delay = RetryBackoff(base: request.baseBackoff, cap: request.maxBackoff)
                        .delay(attempt: attempt, retryAfter: retryAfter, using: &random)
                    onEvent(
                        .retrying(
                            ticketID: id, attempt: attempt, delaySeconds: delay.seconds, reason: error.description))
                    logger.debug(
                        "retrying", metadata: ["ticket": "\(id)", "attempt": "\(attempt)", "reason": "\(error)"])
                    do {
                        try await clock.sleep(for: delay)
                    } catch {
                        return FetchResult(outcome: .cancelled, retries: attempt)
                    }
                    continue
                }
            }
            switch result {
            case .ticket(let ticket, let rawBody):
                // A server that answers for another id than asked would corrupt the store.
                guard ticket.ticketID == id else {
                    return FetchResult(
                        outcome: .record(
                            .failed(
                                ticketID: id, attempts: attempt, httpStatus: 200,
                                error: "the helpdesk returned ticket \(ticket.ticketID) for id \(id)")),
                        retries: attempt - 1)
                }
                return FetchResult(
                    outcome: .record(.ticket(ticket, rawBody: rawBody, attempts: attempt, httpStatus: 200)),
                    retries: attempt - 1)
            case .notFound:
                return FetchResult(outcome: .record(.notFound(ticketID: id, attempts: attempt)), retries: attempt - 1)
            }
        }
    }

}

struct FetchResult: Sendable {
    enum Outcome: Sendable {
        case record(FetchRecord)
        /// An answer that rules out every other id too: a refusal, or not a Get Ticket endpoint.
        case stop(HelpdeskError)
        case unreachable(String)
        case cancelled
    }
    var outcome: Outcome
    var retries: Int
    /// For a failed id: whether its error says something about the helpdesk as a whole
    /// (a permanent or transient error, not throttling).
    var failureCountsTowardVerdict = false
}

/// The first answers of a run, until one shows the helpdesk answers as it should.
struct FirstAnswers {
    let limit: Int
    private(set) var trusted = false
    private var signature: String?
    private var count = 0

    init(limit: Int) { self.limit = limit }

    /// Takes one finished id; returns the reason to stop when the first `limit` answers
    /// were all the same error.
    mutating func observe(_ record: FetchRecord, countsTowardVerdict: Bool) -> String? {
        guard !trusted else { return nil }
        guard case .failed(_, _, let status, let error) = record, countsTowardVerdict else {
            trusted = true
            return nil
        }
        let answer = status.map { "HTTP \($0): \(error)" } ?? error
        if signature == nil { signature = answer }
        guard answer == signature else {
            trusted = true
            return nil
        }
        count += 1
        guard count >= limit else { return nil }
        return "the first \(limit) answers were all the same error (\(answer)); stopped instead of asking for every id"
    }
}
