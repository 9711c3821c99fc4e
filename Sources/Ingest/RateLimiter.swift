/// A token bucket shared by all workers: `rate` requests per second with bursts of `burst`.
actor RateLimiter {
    private let interval: Duration
    private let burst: Int
    private var nextSlot: ContinuousClock.Instant

    init(ratePerSecond: Double, burst: Int? = nil) {
        interval = .nanoseconds(Int64(1_000_000_000 / max(ratePerSecond, 0.001)))
        let burst = max(1, burst ?? Int(ratePerSecond.rounded(.down)))
        self.burst = burst
        // The bucket starts full: the first `burst` requests go at once.
        nextSlot = .now - interval * (burst - 1)
    }

    /// Reserves the next slot and returns when it may be used.
    func reserve() -> ContinuousClock.Instant {
        let now = ContinuousClock.now
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
        if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
