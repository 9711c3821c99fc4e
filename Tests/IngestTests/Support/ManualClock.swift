import Ingest
import Synchronization

/// A clock that moves only when the test moves it, so waits are tested without real sleeps.
///
/// A sleeper wakes when ``advance(by:)`` reaches its deadline. With `advancesWhenSlept`, every
/// sleep moves the clock to its deadline and returns at once: a whole ingest with minutes of
/// backoff runs in milliseconds, and ``sleeps`` tells what it waited for.
final class ManualClock: IngestClock {
    private struct Sleeper {
        var id: Int
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var sleeps: [Duration] = []
        var nextID = 0
        var cancelledBeforeRegistering: Set<Int> = []
    }

    private let state = Mutex(State())
    private let advancesWhenSlept: Bool

    init(advancesWhenSlept: Bool = false) {
        self.advancesWhenSlept = advancesWhenSlept
    }

    var now: Duration { state.withLock { $0.now } }

    /// Every wait asked of the clock, in order, as a duration from the time it was asked.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// How many tasks are waiting on the clock now.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves the clock forward, waking every sleeper whose deadline is reached.
    func advance(by duration: Duration) {
        let woken = state.withLock { state in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Returns once a task is waiting on the clock (the tested code reached its wait).
    func waitForSleeper(count: Int = 1) async {
        while sleeperCount < count { await Task.yield() }
    }

    func sleep(until deadline: Duration) async throws {
        try await wait { _ in deadline }
    }

    /// Reads the clock and registers the sleeper at once, so the recorded wait is exact
    /// even while other sleepers move the clock.
    func sleep(for duration: Duration) async throws {
        try await wait { now in now + duration }
    }

    private func wait(_ deadline: (_ now: Duration) -> Duration) async throws {
        let (id, deadline): (Int?, Duration) = state.withLock { state in
            let deadline = deadline(state.now)
            state.sleeps.append(deadline - state.now)
            if deadline <= state.now { return (nil, deadline) }
            if advancesWhenSlept {
                state.now = deadline
                return (nil, deadline)
            }
            state.nextID += 1
            return (state.nextID, deadline)
        }
        guard let id else { return try Task.checkCancellation() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state in
                    if state.cancelledBeforeRegistering.remove(id) != nil { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledBeforeRegistering.insert(id)
                    return Sleeper?.none
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
