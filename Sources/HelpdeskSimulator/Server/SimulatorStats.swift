import Synchronization

/// What a running simulator has served so far; tests assert on it.
package struct SimulatorStats: Sendable, Equatable, CustomStringConvertible {
    /// Every request received, dropped ones included.
    package var requests = 0
    /// The distinct ticket ids asked for (by `ticketid`), whatever the answer.
    package var idsAsked: Set<Int> = []
    /// Responses sent, by HTTP status (truncated bodies count as 200).
    package var responsesByStatus: [Int: Int] = [:]
    /// Connections closed without any response.
    package var droppedConnections = 0
    /// Faults injected, by kind.
    package var faultsInjected: [FaultKind: Int] = [:]
    /// Complete, successful Get Ticket bodies sent.
    package var ticketsServed = 0
    /// Successful GetTickets pages sent (empty pages included).
    package var listPagesServed = 0
    /// Readable requests by API action: "GetTicket" (every bearer request, and classic ones
    /// asking for it or for no action), "GetTickets", other actions by the name sent.
    package var requestsByAction: [String: Int] = [:]
    /// "Ticket ID Not Found" answers.
    package var notFound = 0
    /// Requests refused for a missing or wrong token or WHMCS credentials.
    package var authenticationFailures = 0

    package init() {}

    /// The number of responses sent with a status.
    package func responses(status: Int) -> Int {
        responsesByStatus[status] ?? 0
    }

    /// All faults injected, whatever their kind.
    package var totalFaults: Int {
        faultsInjected.values.reduce(0, +)
    }

    package var description: String {
        let statuses = responsesByStatus.keys.sorted().map { "\($0): \(responsesByStatus[$0]!)" }
        return "\(requests) requests (\(statuses.joined(separator: ", "))), \(droppedConnections) dropped, "
            + "\(totalFaults) faults, \(ticketsServed) tickets served, \(notFound) not found, "
            + "\(authenticationFailures) authentication failures, \(listPagesServed) list pages served"
            + (requestsByAction.isEmpty ? "" : "; by action: " + actions)
    }

    private var actions: String {
        requestsByAction.keys.sorted().map { "\($0): \(requestsByAction[$0]!)" }.joined(separator: ", ")
    }
}

/// The server's shared mutable state: counters and each faulting id's attempts.
final class SimulatorState: Sendable {
    private struct Storage {
        var stats = SimulatorStats()
        var attempts: [Int: Int] = [:]
    }

    private let storage = Mutex(Storage())

    var stats: SimulatorStats {
        storage.withLock { $0.stats }
    }

    func update(_ change: (inout SimulatorStats) -> Void) {
        storage.withLock { change(&$0.stats) }
    }

    /// Counts one more attempt for an id and returns the new count (1 for the first).
    func nextAttempt(id: Int) -> Int {
        storage.withLock { storage in
            let attempt = (storage.attempts[id] ?? 0) + 1
            storage.attempts[id] = attempt
            return attempt
        }
    }
}
