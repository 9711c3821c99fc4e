import Synchronization

/// One server's GetTickets listing: every ticket at the dataset's epoch in listing order,
/// built on first use and kept, with the ids of the filters asked for so far.
final class TicketListing: Sendable {
    /// Which tickets a GetTickets request asks for.
    struct Filter: Hashable {
        var status: StatusFilter
        var departmentID: Int?

        func matches(_ entry: ListingEntry) -> Bool {
            if let departmentID, entry.departmentID != departmentID { return false }
            switch status {
            case .all: return true
            case .active: return entry.status != "Closed"
            case .awaitingReply: return entry.status == "Open" || entry.status == "Customer-Reply"
            case .exactly(let status): return entry.status == status
            }
        }
    }

    /// WHMCS's `status` parameter: two named groups, else one status by name.
    enum StatusFilter: Hashable {
        case all
        case active
        case awaitingReply
        case exactly(String)

        init(parameter: String?) {
            switch parameter {
            case nil, "": self = .all
            case "All Active Tickets": self = .active
            case "Awaiting Reply": self = .awaitingReply
            case let status?: self = .exactly(status)
            }
        }
    }

    private struct Storage {
        var index: [ListingEntry]?
        var ids: [Filter: [Int]] = [:]
    }

    /// Enough for every filter a client walks through; arbitrary statuses beyond it are
    /// filtered afresh instead of growing the cache.
    private static let cachedFilters = 64
    private let dataset: SimulatedDataset
    private let storage = Mutex(Storage())

    init(dataset: SimulatedDataset) {
        self.dataset = dataset
    }

    /// The ids of the tickets that match, in listing order.
    ///
    /// The first call builds the index under the lock, so concurrent first requests wait for
    /// one build instead of each starting their own.
    func ids(matching filter: Filter) -> [Int] {
        storage.withLock { storage in
            if let ids = storage.ids[filter] { return ids }
            let index = storage.index ?? dataset.listingIndex()
            storage.index = index
            let ids = index.lazy.filter(filter.matches).map(\.id)
            let result = Array(ids)
            if storage.ids.count < Self.cachedFilters { storage.ids[filter] = result }
            return result
        }
    }
}
