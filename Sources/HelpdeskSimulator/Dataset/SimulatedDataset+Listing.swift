import Dispatch
import HelpdeskAPI
import Synchronization

/// One ticket of a GetTickets listing: what the listing filters and sorts by.
struct ListingEntry: Sendable, Equatable {
    var id: Int
    /// `lastreply` as served, in naive seconds; `Int64.min` for `0000-00-00 00:00:00`.
    var lastReply: Int64
    var status: String
    var departmentID: Int
}

extension SimulatedDataset {
    /// Every existing ticket at this epoch in GetTickets order: `lastreply` descending, then id
    /// descending.
    ///
    /// Generates every ticket once, in chunks on all cores, so a million-ticket listing is
    /// ready in seconds; the server builds it once and keeps it.
    func listingIndex() -> [ListingEntry] {
        let last = ids.upperBound
        let chunkSize = 4_096
        let chunks = (last + chunkSize - 1) / chunkSize
        let results = Mutex([[ListingEntry]](repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var entries: [ListingEntry] = []
            entries.reserveCapacity(chunkSize)
            for id in (chunk * chunkSize + 1)...min(last, (chunk + 1) * chunkSize) {
                guard let ticket = ticket(id: id) else { continue }
                entries.append(
                    ListingEntry(
                        id: id, lastReply: ticket.lastReplyAt?.secondsSinceEpoch ?? .min, status: ticket.status,
                        departmentID: ticket.departmentID))
            }
            results.withLock { $0[chunk] = entries }
        }
        var entries = results.withLock { $0 }.flatMap { $0 }
        entries.sort { ($0.lastReply, $0.id) > ($1.lastReply, $1.id) }
        return entries
    }
}
