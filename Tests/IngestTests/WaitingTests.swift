import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import Ingest
import Logging
import Synchronization
import TestSupport
import Testing
import TicketStore

@testable import Ingest

/// The rate limit and the retry backoff, on a clock the test moves: no real sleep, no timing.
@Suite("Waiting: rate limit and backoff")
struct WaitingTests {
    @Test func theRateLimiterSpacesSlotsAfterItsBurst() async {
        let clock = ManualClock()
        let limiter = RateLimiter(ratePerSecond: 10, burst: 3, clock: clock)
        var slots: [Duration] = []
        for _ in 0..<6 { slots.append(await limiter.reserve()) }
        // The first three go at once (the burst); after that, one every 100 ms.
        #expect(slots == [.zero, .zero, .zero, .milliseconds(100), .milliseconds(200), .milliseconds(300)])

        // A second idle refills the bucket to its burst, no further.
        clock.advance(by: .seconds(1))
        var later: [Duration] = []
        for _ in 0..<4 { later.append(await limiter.reserve()) }
        #expect(later == [.seconds(1), .seconds(1), .seconds(1), .milliseconds(1_100)])
    }

    @Test func aRequestPastTheBurstWaitsForTheClock() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(ratePerSecond: 10, burst: 1, clock: clock)
        try await limiter.acquire()  // the burst: no wait
        #expect(clock.sleeperCount == 0)

        let second = Task { try await limiter.acquire() }
        await clock.waitForSleeper()
        #expect(clock.sleeps == [.milliseconds(100)])
        clock.advance(by: .milliseconds(99))
        #expect(clock.sleeperCount == 1)  // still waiting
        clock.advance(by: .milliseconds(1))
        #expect(clock.sleeperCount == 0)
        try await second.value
    }

    @Test func cancellingAWaitingRequestEndsItsWait() async {
        let clock = ManualClock()
        let limiter = RateLimiter(ratePerSecond: 1, burst: 1, clock: clock)
        try? await limiter.acquire()
        let waiting = Task { try await limiter.acquire() }
        await clock.waitForSleeper()
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func backoffDoublesWithJitterUpToItsCap() {
        let backoff = RetryBackoff(base: .milliseconds(250), cap: .seconds(30))
        var random = SplitMix64(state: 42)
        for attempt in 1...12 {
            let full = min(0.25 * Double(1 << (attempt - 1)), 30)
            for _ in 0..<50 {
                let delay = backoff.delay(attempt: attempt, using: &random)
                #expect(delay >= .seconds(full / 2) && delay <= .seconds(full), "attempt \(attempt): \(delay)")
            }
        }
        // Retry-After is a floor, also above the cap.
        #expect(backoff.delay(attempt: 1, retryAfter: 45, using: &random) == .seconds(45))
        #expect(backoff.delay(attempt: 12, retryAfter: 1, using: &random) >= .seconds(15))
    }

    /// Each id is throttled once with `Retry-After: 120`: the run waits at least that long
    /// per retry on its clock, then stores everything.
    @Test func anIngestWaitsRetryAfterOnItsClock() async throws {
        let clock = ManualClock(advancesWhenSlept: true)
        let dataset = SimulatedDataset(seed: 3, ticketCount: 30)
        let fetcher = ThrottlingFetcher(dataset: dataset, retryAfter: 120)
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        let summary = try await Self.ingester(fetcher, store, clock).run(
            IngestRequest(selection: .range(from: 1, to: 30), concurrency: 4, retries: 2), runInfo: Self.runInfo)

        let existing = dataset.ids.filter { dataset.contains(id: $0) }
        #expect(summary.outcome == .completed)
        #expect(summary.counts.stored == existing.count)
        #expect(summary.counts.retries == 30)
        #expect(clock.sleeps.count == 30)
        #expect(clock.sleeps.allSatisfy { $0 >= .seconds(120) })
    }

    /// 20 ids at 5 per second with a burst of 5: the last request goes 3 s (on the clock)
    /// after the first, however fast the fetcher answers.
    @Test func anIngestKeepsItsRateOnItsClock() async throws {
        let clock = ManualClock(advancesWhenSlept: true)
        let dataset = SimulatedDataset(seed: 3, ticketCount: 20)
        let fetcher = ThrottlingFetcher(dataset: dataset, retryAfter: nil)
        let store = try TicketStore(path: try TestPaths.scratchStore(), access: .readWrite)
        var request = IngestRequest(selection: .range(from: 1, to: 20), concurrency: 4)
        request.ratePerSecond = 5
        let summary = try await Self.ingester(fetcher, store, clock).run(request, runInfo: Self.runInfo)

        #expect(summary.outcome == .completed)
        #expect(fetcher.requests == 20)
        #expect(clock.now == .seconds(3))
    }

    static let runInfo = Ingester.RunInfo(url: "memory", authStyle: "none", requestText: "test", optionsJSON: "{}")

    static func ingester(_ fetcher: ThrottlingFetcher, _ store: TicketStore, _ clock: ManualClock) -> Ingester {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return Ingester(fetcher: fetcher, store: store, logger: logger, clock: clock)
    }
}

/// The simulated dataset without HTTP; with `retryAfter`, each id's first request is
/// answered 429 with that `Retry-After`.
final class ThrottlingFetcher: TicketFetching {
    let dataset: SimulatedDataset
    let retryAfter: Double?
    private let asked = Mutex<[Int: Int]>([:])

    init(dataset: SimulatedDataset, retryAfter: Double?) {
        self.dataset = dataset
        self.retryAfter = retryAfter
    }

    var requests: Int { asked.withLock { $0.values.reduce(0, +) } }

    func getTicket(_ lookup: TicketLookup) async throws(HelpdeskError) -> GetTicketResult {
        guard case .id(let id) = lookup else { return .notFound }
        let attempt = asked.withLock { asked in
            asked[id, default: 0] += 1
            return asked[id]!
        }
        if let retryAfter, attempt == 1 {
            throw HelpdeskError(.throttled(retryAfter: retryAfter), httpStatus: 429, message: "Too Many Requests")
        }
        guard let ticket = dataset.ticket(id: id) else { return .notFound }
        return .ticket(ticket, rawBody: dataset.responseBody(id: id) ?? [])
    }
}
