import HelpdeskAPI
import TicketStore

/// Anything that lists tickets page by page: classic WHMCS's `GetTickets` over HTTP.
package protocol TicketListing: Sendable {
    /// One page; nil when this connection has no listing at all (the bearer API).
    func listTickets(_ query: TicketListQuery) async throws(HelpdeskError) -> TicketListPage?
}

extension HelpdeskClient: TicketListing {}

/// What `sync` is asked to do; the plan decides how.
package struct SyncOptions: Sendable {
    package var source: String
    /// Statuses that count as closed; other stored tickets are expected to be listed as active.
    package var closedStatuses: Set<String>
    /// Where to start when the store is empty.
    package var from: Int
    /// Consecutive missing ids that end the search for new tickets; nil for the mode's
    /// default (``refreshAllProbe`` or ``changeAwareProbe``).
    package var stopAfterMissing: Int?
    /// `limitnum` of each listing page.
    package var pageSize: Int
    /// Refresh every open ticket even when the helpdesk can list (`--full-refresh`).
    package var fullRefresh: Bool

    /// Without a listing, runs of deleted ids above the highest stored one must not end the search.
    package static let refreshAllProbe = 50
    /// With a listing, every active ticket's id is known; past the highest, only tickets opened
    /// and closed between two syncs can hide, and they are rare.
    package static let changeAwareProbe = 5

    package init(
        source: String = "default", closedStatuses: Set<String> = ["Closed"], from: Int = 1,
        stopAfterMissing: Int? = nil, pageSize: Int = 100, fullRefresh: Bool = false
    ) {
        self.source = source
        self.closedStatuses = closedStatuses
        self.from = from
        self.stopAfterMissing = stopAfterMissing
        self.pageSize = pageSize
        self.fullRefresh = fullRefresh
    }
}

/// Which ids a `sync` fetches, and why.
///
/// With a listing (classic WHMCS `GetTickets`, every active ticket with its status, priority,
/// department, flag and last reply) only these are asked for: listed tickets the store does
/// not have or holds with other values (reopened ones included), stored open tickets that are
/// no longer listed (closed since, or deleted), and ids above the highest stored one. Without
/// one, every stored open ticket is fetched again.
package struct SyncPlan: Sendable {
    package enum Mode: Sendable, Equatable {
        case changeAware
        /// Every stored open ticket again; `reason` says why when the user did not ask for it.
        case refreshAll(reason: String?)
    }

    package var mode: Mode
    package var request: IngestRequest
    /// Listing requests made.
    package var listingPages = 0
    /// Distinct tickets listed as active.
    package var listed = 0
    /// Listed tickets the store holds with another status, priority, department, flag or last reply.
    package var changed = 0
    /// Listed tickets the store does not have.
    package var unseen = 0
    /// Stored open tickets that are no longer listed as active.
    package var vanished = 0
    /// Stored open tickets fetched again by a refresh-all sync.
    package var refreshed = 0

    /// Plans a sync: lists the active tickets when `listing` can and `fullRefresh` is off,
    /// falling back to refreshing every open ticket when the helpdesk cannot list.
    ///
    /// - Throws: `IngestError` when the listing shows the helpdesk refuses these credentials
    ///   or cannot be reached, which every Get Ticket request would meet too.
    package static func make(
        _ options: SyncOptions, store: TicketStore, listing: (any TicketListing)?, retries: Int = 6,
        clock: any IngestClock = ContinuousIngestClock()
    ) async throws(IngestError) -> SyncPlan {
        var fallbackReason: String?
        if options.fullRefresh {
            fallbackReason = nil
        } else if let listing {
            do {
                if let plan = try await changeAware(
                    options, store: store, listing: listing, retries: retries, clock: clock)
                {
                    return plan
                }
                fallbackReason = "this helpdesk's API has no ticket listing (GetTickets needs --auth whmcs)"
            } catch let error as IngestError {
                throw error
            } catch let refusal as ListingRefused {
                fallbackReason =
                    "GetTickets did not work here (\(refusal.message)); allow it in the API role for a change-aware sync"
            } catch {
                // Interrupted while listing: the run that follows stops at once and says so.
                fallbackReason = "the listing was interrupted"
            }
        } else {
            fallbackReason = "no ticket listing available"
        }
        return try refreshAll(options, store: store, reason: fallbackReason)
    }

    static func refreshAll(_ options: SyncOptions, store: TicketStore, reason: String?) throws(IngestError) -> SyncPlan
    {
        do {
            var request = try IngestRequest.sync(
                store: store, source: options.source, closedStatuses: options.closedStatuses, from: options.from,
                stopAfterMissing: options.stopAfterMissing ?? SyncOptions.refreshAllProbe)
            request.purpose = "sync (refresh all open)"
            var plan = SyncPlan(mode: .refreshAll(reason: reason), request: request)
            plan.refreshed = request.extraIDs.count
            return plan
        } catch {
            throw IngestError(.store, error.description)
        }
    }

    /// One line for the user: which kind of sync, what it fetches, and why it fell back.
    package var line: String {
        let next: String
        if case .range(let from, nil) = request.selection { next = ", then new ids from \(from)" } else { next = "" }
        switch mode {
        case .changeAware:
            return
                "Change-aware sync: \(listed) active tickets listed in \(listingPages) page(s); fetching \(changed) changed, \(unseen) not yet stored, \(vanished) no longer active\(next)."
        case .refreshAll(nil):
            return "Full refresh: fetching all \(refreshed) open tickets again\(next)."
        case .refreshAll(let reason?):
            return "Refreshing all \(refreshed) open tickets: \(reason)\(next)."
        }
    }

    /// A GetTickets answer that means "not here", not "not you": the sync falls back.
    struct ListingRefused: Error {
        var message: String
    }

    /// Nil when the connection has no listing.
    static func changeAware(
        _ options: SyncOptions, store: TicketStore, listing: any TicketListing, retries: Int, clock: any IngestClock
    ) async throws -> SyncPlan? {
        var listed: [Int: ListedTicket] = [:]
        var pages = 0
        var start = 0
        while true {
            let query = TicketListQuery(status: TicketListQuery.allActive, start: start, limit: options.pageSize)
            guard let page = try await listPage(query, listing: listing, retries: retries, clock: clock) else {
                return nil
            }
            pages += 1
            // Tickets answered while the pages are read move to the front and may be listed
            // twice or not at all; a missed one counts as no longer active and is fetched anyway.
            for ticket in page.tickets where listed[ticket.ticketID] == nil { listed[ticket.ticketID] = ticket }
            start += page.tickets.count
            if page.tickets.isEmpty || start >= page.totalResults { break }
        }

        let open: [Int: ListedTicket]
        let others: [Int: ListedTicket]
        let highest: Int?
        do {
            open = try store.openTicketStates(source: options.source, closedStatuses: options.closedStatuses)
            others = try store.listingStates(
                source: options.source, ids: listed.keys.filter { open[$0] == nil }.sorted())
            highest = try store.highestFetchedID(source: options.source)
        } catch {
            throw IngestError(.store, error.description)
        }

        var plan = SyncPlan(mode: .changeAware, request: IngestRequest(selection: .failedOnly))
        plan.listingPages = pages
        plan.listed = listed.count
        var fetch: [Int] = []
        for (id, ticket) in listed {
            guard let known = open[id] ?? others[id] else {
                plan.unseen += 1
                fetch.append(id)
                continue
            }
            if known != ticket {
                plan.changed += 1
                fetch.append(id)
            }
        }
        for id in open.keys where listed[id] == nil {
            plan.vanished += 1
            fetch.append(id)
        }
        var request = IngestRequest(
            selection: .range(from: max(options.from, (highest ?? 0) + 1), to: nil), extraIDs: fetch.sorted(),
            source: options.source, stopAfterMissing: options.stopAfterMissing ?? SyncOptions.changeAwareProbe)
        // Ids up to the highest listed one exist or did; missing ones among them are gaps.
        request.missingEndsRunAbove = listed.keys.max() ?? Int.min
        request.purpose = "sync (change-aware)"
        plan.request = request
        return plan
    }

    private static func listPage(
        _ query: TicketListQuery, listing: any TicketListing, retries: Int, clock: any IngestClock
    ) async throws -> TicketListPage? {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await listing.listTickets(query)
            } catch {
                switch error.kind {
                case .authenticationFailed(.permissions), .notAnEndpoint, .permanent:
                    throw ListingRefused(message: error.message)
                case .authenticationFailed(let refusal):
                    throw IngestError(.authentication(refusal), error.description)
                case .throttled, .transient, .unreachable:
                    guard attempt <= retries else {
                        if error.kind == .unreachable { throw IngestError(.unreachable, error.message) }
                        throw ListingRefused(message: error.message)
                    }
                    var retryAfter: Double?
                    if case .throttled(let seconds?) = error.kind { retryAfter = seconds }
                    var random = SystemRandomNumberGenerator()
                    try await clock.sleep(
                        for: RetryBackoff(base: .milliseconds(250), cap: .seconds(30))
                            .delay(attempt: attempt, retryAfter: retryAfter, using: &random))
                }
            }
        }
    }
}
