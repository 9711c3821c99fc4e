import GRDB
import HelpdeskAPI

extension TicketStore {
    /// The listing fields of every stored ticket that is not closed and was not found
    /// deleted at its last fetch: what a change-aware sync expects to see listed as active.
    package func openTicketStates(source: String, closedStatuses: Set<String>) throws(StoreError) -> [Int: ListedTicket]
    {
        let closed = Array(closedStatuses)
        let filter = closed.isEmpty ? "" : "AND t.status NOT IN (\(databaseQuestionMarks(count: closed.count)))"
        return try listingStates(
            sql: """
                SELECT t.ticket_id, t.status, t.priority, t.dept_id, t.flag, t.last_reply_at FROM tickets AS t
                WHERE t.source = ? \(filter)
                  AND NOT EXISTS (SELECT 1 FROM fetch_log AS f
                                  WHERE f.source = t.source AND f.ticket_id = t.ticket_id AND f.outcome = 'not_found')
                """,
            arguments: StatementArguments([source] + closed))
    }

    /// The listing fields of the given ids that are stored (missing ids are absent).
    package func listingStates(source: String, ids: [Int]) throws(StoreError) -> [Int: ListedTicket] {
        var states: [Int: ListedTicket] = [:]
        // SQLite's default limit of bound parameters is 32,766; stay well below it.
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let found = try listingStates(
                sql: """
                    SELECT ticket_id, status, priority, dept_id, flag, last_reply_at FROM tickets
                    WHERE source = ? AND ticket_id IN (\(databaseQuestionMarks(count: chunk.count)))
                    """,
                arguments: StatementArguments([source] + chunk.map { $0 as any DatabaseValueConvertible }))
            states.merge(found) { first, _ in first }
        }
        return states
    }

    private func listingStates(sql: String, arguments: StatementArguments) throws(StoreError) -> [Int: ListedTicket] {
        try read { db in
            var states: [Int: ListedTicket] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let id: Int = row[0]
                states[id] = ListedTicket(
                    ticketID: id, status: row[1], priority: row[2], departmentID: row[3], flag: row[4],
                    lastReplyAt: (row[5] as String?).flatMap(LocalDateTime.init(parsing:)))
            }
            return states
        }
    }
}
