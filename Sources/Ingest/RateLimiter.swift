import TicketStore

/// A token bucket shared by all workers: `rate` requests per second with bursts of `burst`.
actor RateLimiter {
    private let interval: Duration
    private let burst: Int
    private let clock: any IngestClock
    private var nextSlot: Duration

    init(ratePerSecond: Double, burst: Int? = nil, clock: any IngestClock) {
        interval = .nanoseconds(Int64(1_000_000_000 / max(ratePerSecond, 0.001)))
        let burst = max(1, burst ?? Int(ratePerSecond.rounded(.down)))
        self.burst = burst
        self.clock = clock
        // The bucket starts full: the first `burst` requests go at once.
        nextSlot = clock.now - interval * (burst - 1)
    }

    /// Reserves the next slot and returns when (on the clock) it may be used.
    func reserve() -> Duration {
        let now = clock.now
        // Unused capacity accumulates up to `burst` slots, no further.
        let earliest = now - interval * (burst - 1)
        if nextSlot < earliest { nextSlot = earliest }
        let slot = nextSlot
        nextSlot = slot + interval
        return max(slot, now)
    }

    /// Waits for a slot; throws CancellationError when the run is cancelled meanwhile.
    nonisolated func acquire() async throws {
        let slot = await reserve()
        if slot > clock.now { try await clock.sleep(until: slot) }
    }
}

/// How long a retry waits: exponential with jitter, capped, and never less than the
/// helpdesk's `Retry-After`.
struct RetryBackoff: Sendable {
    var base: Duration
    var cap: Duration

    /// The wait before retry number `attempt` (1 for the first retry): between half and all
    /// of `base × 2^(attempt-1)`, capped at `cap`, and at least `retryAfter` when given.
    func delay(
        attempt: Int, retryAfter: Double? = nil, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let doubled = base.seconds * Double(1 << min(max(attempt - 1, 0), 20))
        let capped = min(doubled, cap.seconds)
        let jittered = capped / 2 + Double.random(in: 0...(capped / 2), using: &generator)
        return .seconds(max(jittered, retryAfter ?? 0))
    }
}
