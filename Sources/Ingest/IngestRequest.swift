import HelpdeskAPI
import TicketStore

/// Which ticket ids an ingest run covers and how it behaves; no secrets in here.
package struct IngestRequest: Sendable {
    /// The ids to consider.
    package enum Selection: Sendable, Equatable {
        /// `from...to`; with `to == nil` the range is open-ended and stops after
        /// `stopAfterMissing` consecutive not-found ids.
        case range(from: Int, to: Int?)
        /// An explicit list (from `--ids FILE`), fetched in the given order.
        case ids([Int])
        /// Only the ids whose last fetch failed (`--retry-failed`).
        case failedOnly
    }

    /// What to do with ids that already have an outcome in the store.
    package enum Refresh: Sendable, Equatable {
        /// Skip ids already stored or known missing (resume).
        case none
        /// Fetch every id again.
        case all
        /// Fetch again the stored tickets whose status is not in the closed set.
        case open(closedStatuses: Set<String>)
    }

    package var selection: Selection
    package var refresh: Refresh
    /// Ids fetched before the selection regardless of their state (`sync` refreshes open tickets this way).
    package var extraIDs: [Int]
    package var source: String
    package var concurrency: Int
    /// Requests per second across all workers; nil for unlimited.
    package var ratePerSecond: Double?
    /// Retries per id after the first attempt.
    package var retries: Int
    package var stopAfterMissing: Int
    /// The first backoff delay; doubled per attempt (with jitter) up to `maxBackoff`.
    package var baseBackoff: Duration
    package var maxBackoff: Duration
    /// Records per write transaction.
    package var batchSize: Int
    /// Missing ids at or below this never end an open-ended range: a listing showed tickets up
    /// to it, so missing ones below are gaps (deleted tickets), not the end.
    package var missingEndsRunAbove = Int.min
    /// What the run is for, as `ingest_runs.request` records it (`sync (change-aware)`).
    package var purpose: String?

    package init(
        selection: Selection, refresh: Refresh = .none, extraIDs: [Int] = [], source: String = "default",
        concurrency: Int = 8, ratePerSecond: Double? = nil, retries: Int = 6, stopAfterMissing: Int = 50,
        baseBackoff: Duration = .milliseconds(250), maxBackoff: Duration = .seconds(30), batchSize: Int = 256
    ) {
        self.selection = selection
        self.refresh = refresh
        self.extraIDs = extraIDs
        self.source = source
        self.concurrency = concurrency
        self.ratePerSecond = ratePerSecond
        self.retries = retries
        self.stopAfterMissing = stopAfterMissing
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.batchSize = batchSize
    }
}

extension IngestRequest {
    /// What `sync` fetches: open-ended from the id after the highest stored one (or `from`
    /// for an empty store), and first the stored tickets whose status is not closed.
    ///
    ///     var request = try IngestRequest.sync(store: store, source: "default", closedStatuses: ["Closed"])
    ///     request.concurrency = 16
    package static func sync(
        store: TicketStore, source: String, closedStatuses: Set<String>, from: Int = 1, stopAfterMissing: Int = 50
    ) throws(StoreError) -> IngestRequest {
        let highest = try store.highestFetchedID(source: source)
        let open = try store.openTicketIDs(source: source, closedStatuses: closedStatuses)
        return IngestRequest(
            selection: .range(from: max(from, (highest ?? 0) + 1), to: nil), extraIDs: open, source: source,
            stopAfterMissing: stopAfterMissing)
    }
}

/// Anything that can fetch one ticket: the HTTP client in production, the same client
/// against the simulator in tests.
package protocol TicketFetching: Sendable {
    func getTicket(_ lookup: TicketLookup) async throws(HelpdeskError) -> GetTicketResult
}

extension HelpdeskClient: TicketFetching {}
