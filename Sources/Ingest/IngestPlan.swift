import HelpdeskAPI
import TicketStore

/// Decides which id comes next: extra ids first, then the selection minus what the store
/// already has, and, for open-ended ranges, when to stop.
///
/// Used from the scheduler's task only.
final class IngestPlan {
    private var extra: [Int]
    private var extraIndex = 0
    private var finite: [Int]?
    private var finiteIndex = 0
    private(set) var skipped = 0
    let plannedCount: Int?

    // Open-ended state.
    private var nextCandidate = 0
    private var known: [Int: FetchOutcome] = [:]
    private var highestStored = Int.min
    private let stopAfterMissing: Int
    private var refetchKnown = false
    private var openIDs: Set<Int> = []
    private var orderCursor = 0
    private var settled: [Int: Bool] = [:]  // id → was it missing
    private(set) var missingStreak = 0
    private let missingEndsRunAbove: Int
    /// Extra ids are fetched first; an open-ended range must not ask for them again.
    private let extraSet: Set<Int>

    init(request: IngestRequest, store: TicketStore) throws(StoreError) {
        extra = request.extraIDs
        stopAfterMissing = request.stopAfterMissing
        missingEndsRunAbove = request.missingEndsRunAbove
        var openSet: Set<Int> = []
        if case .open(let closed) = request.refresh {
            openSet = Set(try store.openTicketIDs(source: request.source, closedStatuses: closed))
        }
        openIDs = openSet
        let refetch = request.refresh == .all
        refetchKnown = refetch
        let extraSet = Set(request.extraIDs)
        self.extraSet = extraSet
        var skippedCount = 0

        let wanted = { (id: Int, outcome: FetchOutcome?) -> Bool in
            guard let outcome, outcome != .failed else { return true }
            return refetch || openSet.contains(id)
        }

        switch request.selection {
        case .range(let from, let to?):
            let outcomes = try store.fetchOutcomes(source: request.source, in: from...max(from, to))
            var ids: [Int] = []
            ids.reserveCapacity(max(0, to - from + 1))
            for id in from...max(from, to) where !extraSet.contains(id) {
                if wanted(id, outcomes[id]) { ids.append(id) } else { skippedCount += 1 }
            }
            finite = ids
            plannedCount = ids.count + extra.count
        case .range(let from, nil):
            nextCandidate = from
            orderCursor = from
            known = try store.fetchOutcomes(source: request.source, in: from...Int.max)
            // Ids recorded missing above the highest stored ticket may simply not have
            // existed yet: an open-ended run asks for them again.
            highestStored = known.filter { $0.value == .ok }.keys.max() ?? Int.min
            plannedCount = nil
        case .ids(let list):
            let outcomes = try store.fetchOutcomes(
                source: request.source, in: (list.min() ?? 0)...(list.max() ?? 0))
            var seen: Set<Int> = extraSet
            var ids: [Int] = []
            for id in list where seen.insert(id).inserted {
                if wanted(id, outcomes[id]) { ids.append(id) } else { skippedCount += 1 }
            }
            finite = ids
            plannedCount = ids.count + extra.count
        case .failedOnly:
            let ids = try store.failedTicketIDs(source: request.source).filter { !extraSet.contains($0) }
            finite = ids
            plannedCount = ids.count + extra.count
        }
        skipped = skippedCount
    }

    /// What the scheduler does next.
    enum Next: Equatable {
        case fetch(Int)
        /// Wait for an answer in flight: it decides whether the open-ended search goes on.
        case wait
        case done
    }

    /// The next id to fetch, a wait, or the end of the plan.
    func next() -> Next {
        if extraIndex < extra.count {
            defer { extraIndex += 1 }
            return .fetch(extra[extraIndex])
        }
        if let finite {
            guard finiteIndex < finite.count else { return .done }
            defer { finiteIndex += 1 }
            return .fetch(finite[finiteIndex])
        }
        while missingStreak < stopAfterMissing {
            let id = nextCandidate
            // Never further ahead than the stop rule would reach if every id in flight were
            // missing: past the last ticket, exactly `stopAfterMissing` ids are asked.
            if id >= max(orderCursor, missingEndsRunAbove &+ 1) + (stopAfterMissing - missingStreak) {
                return .wait
            }
            nextCandidate += 1
            // Its own fetch settles it for the stop rule.
            if extraSet.contains(id) { continue }
            if let outcome = known[id], outcome != .failed, !refetchKnown, !openIDs.contains(id),
                outcome == .ok || id < highestStored
            {
                skipped += 1
                settle(id, missing: outcome == .notFound)
                continue
            }
            return .fetch(id)
        }
        return .done
    }

    /// Feeds a finished id into the open-ended stop rule: K consecutive missing ids, in id order.
    func observe(_ record: FetchRecord) {
        guard finite == nil else { return }
        if case .notFound = record {
            settle(record.ticketID, missing: true)
        } else {
            settle(record.ticketID, missing: false)
        }
    }

    private func settle(_ id: Int, missing: Bool) {
        guard id >= orderCursor else { return }
        settled[id] = missing
        while let wasMissing = settled.removeValue(forKey: orderCursor) {
            missingStreak = wasMissing && orderCursor > missingEndsRunAbove ? missingStreak + 1 : 0
            orderCursor += 1
        }
    }
}

/// Counters of one run, updated by the scheduler as results arrive.
final class RunState {
    let plan: IngestPlan
    private(set) var counts = RunCounts()
    private(set) var failedIDs: [Int] = []
    /// The lowest failed id and why it failed.
    private(set) var firstFailure: (id: Int, reason: String)?
    private(set) var done = 0

    init(plan: IngestPlan, request: IngestRequest) {
        self.plan = plan
    }

    func nextID() -> IngestPlan.Next { plan.next() }

    func record(_ record: FetchRecord) {
        done += 1
        switch record {
        case .ticket: counts.stored += 1
        case .notFound: counts.notFound += 1
        case .failed(let id, _, _, let error):
            counts.failed += 1
            failedIDs.append(id)
            if firstFailure.map({ id < $0.id }) ?? true { firstFailure = (id, error) }
        }
        plan.observe(record)
    }

    func addRetries(_ retries: Int) { counts.retries += retries }

    func progress(elapsed: Double) -> IngestProgress {
        var snapshot = counts
        snapshot.skipped = plan.skipped
        return IngestProgress(done: done, total: plan.plannedCount, counts: snapshot, elapsedSeconds: elapsed)
    }
}
