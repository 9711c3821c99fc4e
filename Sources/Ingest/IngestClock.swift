/// The time an ingest waits on: real time in a run, a clock a test moves by hand.
///
/// Only the rate limiter's slots and the retry backoff wait on it, so a test of either
/// needs no real sleep. Times are durations since the clock's own origin.
package protocol IngestClock: Sendable {
    /// Time since this clock's origin.
    var now: Duration { get }
    /// Returns once the clock reads `deadline` or later; throws `CancellationError` when the
    /// waiting task is cancelled first.
    func sleep(until deadline: Duration) async throws
    /// Waits `duration` from now (by default, until `now + duration`).
    func sleep(for duration: Duration) async throws
}

extension IngestClock {
    package func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}

/// The monotonic clock of the machine, counted from when this value was made.
package struct ContinuousIngestClock: IngestClock {
    private let origin = ContinuousClock.now

    package init() {}

    package var now: Duration { ContinuousClock.now - origin }

    package func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin + deadline, clock: .continuous)
    }
}
