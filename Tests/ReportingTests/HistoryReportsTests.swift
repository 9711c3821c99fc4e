import Foundation
import GRDB
import HelpdeskAPI
import Reporting
import Testing
import TicketStore

/// The reports on the status history (`ticket_events`): backlog, reopens, time-to-close and
/// status-flow, on a hand-built history, and the monthly pack's history tile and chart.
///
/// Nine tickets in two departments (Support 1, Sales 2); closed means `Closed`. The store
/// first looks at 2026-11-03 09:00 and then daily at 09:00:
///
/// | id  | dept    | opened      | history (observed at 09:00; lr = last reply carried)                           |
/// |-----|---------|-------------|--------------------------------------------------------------------------------|
/// | 201 | Support | 10-30 10:00 | 11-03 seen Open; 11-04 → Closed (lr 11-03 15:00); 11-06 → Customer-Reply (reopen) |
/// | 202 | Support | 10-25 08:00 | 11-03 seen Closed, lr 11-01 12:00 (closed before history began)                |
/// | 203 | Sales   | 11-02 14:00 | 11-03 Open; 11-05 → Answered; 11-06 → Open; 11-07 → Answered; 11-08 → Closed (lr 11-07 10:00) |
/// | 204 | Sales   | 11-01 09:00 | 11-03 seen Answered; 11-05 not found (deleted)                                 |
/// | 205 | Support | 11-04 10:00 | 11-05 seen Closed, lr 11-04 12:00 (born and closed between two looks)          |
/// | 206 | Support | 11-05 11:00 | 11-06 seen Open; 11-07 → Answered (and a priority change)                     |
/// | 207 | Sales   | 10-20 09:00 | 11-03 seen Closed, lr 10-22 17:00                                              |
/// | 208 | Support | 11-06 08:00 | 11-07 seen Open                                                                |
/// | 209 | Sales   | 10-31 10:00 | 11-06 seen Closed, lr 11-02 18:00 (first looked at late, closed before)         |
@Suite struct HistoryReportsTests {
    let store: TemporaryStore
    let runner: ReportRunner
    /// 1–8 November 2026, as `--from 2026-11-01 --to 2026-11-08`.
    let week: ReportArguments

    init() throws {
        store = try Self.historyStore()
        runner = try store.runner()
        week = try ReportArguments.parse(month: nil, from: "2026-11-01", to: "2026-11-08", params: [])
    }

    func run(_ name: String, _ arguments: ReportArguments? = nil) throws -> ResultTable {
        try runner.run(try ReportCatalog.builtIn.definition(named: name), arguments: arguments ?? week)
    }

    static func historyStore() throws -> TemporaryStore {
        func ticket(_ id: Int, _ department: String, _ status: String, opened: String, lastReply: String) -> Ticket {
            Dataset.ticket(
                id, department, "Medium", status, opened: opened, lastReply: lastReply,
                replies: [Dataset.opening(opened)])
        }
        // The tickets as they stand now (the last look).
        let store = try TemporaryStore().write([
            ticket(201, "Support", "Customer-Reply", opened: "2026-10-30 10:00:00", lastReply: "2026-11-05 20:00:00"),
            ticket(202, "Support", "Closed", opened: "2026-10-25 08:00:00", lastReply: "2026-11-01 12:00:00"),
            ticket(203, "Sales", "Closed", opened: "2026-11-02 14:00:00", lastReply: "2026-11-07 10:00:00"),
            ticket(204, "Sales", "Answered", opened: "2026-11-01 09:00:00", lastReply: "2026-11-02 09:00:00"),
            ticket(205, "Support", "Closed", opened: "2026-11-04 10:00:00", lastReply: "2026-11-04 12:00:00"),
            ticket(206, "Support", "Answered", opened: "2026-11-05 11:00:00", lastReply: "2026-11-06 12:00:00"),
            ticket(207, "Sales", "Closed", opened: "2026-10-20 09:00:00", lastReply: "2026-10-22 17:00:00"),
            ticket(208, "Support", "Open", opened: "2026-11-06 08:00:00", lastReply: "2026-11-06 08:00:00"),
            ticket(209, "Sales", "Closed", opened: "2026-10-31 10:00:00", lastReply: "2026-11-02 18:00:00"),
        ])
        // The history, in place of the one the write above recorded at today's time.
        try TicketStore(path: store.path, access: .readWrite).write { db in
            try db.execute(sql: "DELETE FROM ticket_events")
            try db.execute(
                sql: """
                    INSERT INTO ticket_events (source, ticket_id, observed_at, field, old_value, new_value, last_reply_at)
                    VALUES
                      ('default', 201, '2026-11-03 09:00:00', 'created', NULL, 'Open', '2026-10-30 10:00:00'),
                      ('default', 202, '2026-11-03 09:00:00', 'created', NULL, 'Closed', '2026-11-01 12:00:00'),
                      ('default', 203, '2026-11-03 09:00:00', 'created', NULL, 'Open', '2026-11-02 14:00:00'),
                      ('default', 204, '2026-11-03 09:00:00', 'created', NULL, 'Answered', '2026-11-02 09:00:00'),
                      ('default', 207, '2026-11-03 09:00:00', 'created', NULL, 'Closed', '2026-10-22 17:00:00'),
                      ('default', 201, '2026-11-04 09:00:00', 'status', 'Open', 'Closed', '2026-11-03 15:00:00'),
                      ('default', 205, '2026-11-05 09:00:00', 'created', NULL, 'Closed', '2026-11-04 12:00:00'),
                      ('default', 203, '2026-11-05 09:00:00', 'status', 'Open', 'Answered', '2026-11-04 16:00:00'),
                      ('default', 204, '2026-11-05 09:00:00', 'deleted', 'Answered', NULL, '2026-11-02 09:00:00'),
                      ('default', 201, '2026-11-06 09:00:00', 'status', 'Closed', 'Customer-Reply', '2026-11-05 20:00:00'),
                      ('default', 203, '2026-11-06 09:00:00', 'status', 'Answered', 'Open', '2026-11-05 18:00:00'),
                      ('default', 206, '2026-11-06 09:00:00', 'created', NULL, 'Open', '2026-11-05 11:00:00'),
                      ('default', 209, '2026-11-06 09:00:00', 'created', NULL, 'Closed', '2026-11-02 18:00:00'),
                      ('default', 203, '2026-11-07 09:00:00', 'status', 'Open', 'Answered', '2026-11-06 10:00:00'),
                      ('default', 206, '2026-11-07 09:00:00', 'status', 'Open', 'Answered', '2026-11-06 12:00:00'),
                      ('default', 206, '2026-11-07 09:00:00', 'priority', 'Medium', 'High', '2026-11-06 12:00:00'),
                      ('default', 208, '2026-11-07 09:00:00', 'created', NULL, 'Open', '2026-11-06 08:00:00'),
                      ('default', 203, '2026-11-08 09:00:00', 'status', 'Answered', 'Closed', '2026-11-07 10:00:00'),
                      ('default', 201, '2026-11-08 09:00:00', 'activity', NULL, NULL, '2026-11-05 20:00:00')
                    """)
        }
        return store
    }

    @Test func backlog() throws {
        let table = try run("backlog")
        #expect(table.columns.map(\.name) == ["day", "open_at_end", "opened", "closed", "reopened", "estimated"])
        #expect(table.chart == ChartSpec(kind: .line, x: "day", y: ["open_at_end", "opened", "closed"]))
        expectRows(
            table,
            [
                // Midnight 11-02 is before the first look (11-03 09:00): every ticket by its first look.
                // Open: 201 (seen Open), 204 (seen Answered), 209 (seen Closed, last reply 11-02 18:00
                // still ahead) = 3; 202 (last reply 11-01 12:00) and 207 closed; 203 not opened yet.
                // Opened: 204. Closed (proxy): 202, first seen closed, last reply on 11-01.
                ["2026-11-01", 3, 1, 1, 0, 1],
                // Midnight 11-03, still before the first look: 201, 203 (opened 11-02), 204 = 3;
                // 209's last reply 11-02 18:00 has passed. Opened: 203. Closed (proxy): 209.
                ["2026-11-02", 3, 1, 1, 0, 1],
                // Midnight 11-04, observed: 201 Open, 203 Open, 204 Answered = 3 (209 by its last
                // reply: closed). Nothing opened; no close seen on 11-03 (202 and 207 were opened
                // before history began, so their first look closed is no close of that day).
                ["2026-11-03", 3, 0, 0, 0, 0],
                // Midnight 11-05: 201 closed at 11-04 09:00 → 203, 204 = 2; 205 (opened 11-04 10:00,
                // first seen closed with last reply 11-04 12:00) closed by then. Opened: 205. Closed: 201.
                ["2026-11-04", 2, 1, 1, 0, 0],
                // Midnight 11-06: 203 Answered, 206 (opened 11-05 11:00, first seen Open on 11-06) = 2;
                // 204 gone at 11-05 09:00. Opened: 206. Closed: 205, born after history began and
                // first seen closed on 11-05. The deletion is not a close.
                ["2026-11-05", 2, 1, 1, 0, 0],
                // Midnight 11-07: 201 Customer-Reply (reopened 11-06), 203 Open, 206 Open, 208 (opened
                // 11-06 08:00, first seen Open on 11-07) = 4. Opened: 208. 209 first seen on 11-06
                // closed but opened before history began: no close. Reopened: 201.
                ["2026-11-06", 4, 1, 0, 1, 0],
                // Midnight 11-08: 201, 203 Answered, 206 Answered, 208 = 4; nothing opened or closed.
                ["2026-11-07", 4, 0, 0, 0, 0],
                // Midnight 11-09: 203 closed at 11-08 09:00 → 201, 206, 208 = 3. Closed: 203.
                ["2026-11-08", 3, 0, 1, 0, 0],
            ])
    }

    /// A month before the store's first look is all estimate, one row per day.
    @Test func backlogBeforeHistoryIsEstimated() throws {
        let table = try run("backlog", ReportArguments(month: ReportMonth(year: 2026, month: 10)))
        #expect(table.rows.count == 31)
        #expect(table.rows.allSatisfy { $0[5] == .integer(1) && $0[4] == .integer(0) })
        // 10-31: 207 (last reply 10-22 17:00) closed; 202 (last reply 11-01) and 201 (seen Open)
        // open; 209 (opened 10-31 10:00, last reply 11-02) open = 3. Opened: 209. No proxy close.
        expectRows(
            ResultTable(name: "", title: "", columns: table.columns, rows: Array(table.rows.suffix(1))),
            [["2026-10-31", 3, 1, 0, 0, 1]])
        // 207 (opened 10-20 09:00) closes by proxy at its last reply, 10-22 17:00: open at the ends
        // of 10-20 and 10-21 only, the one ticket then; closed counts it on 10-22.
        let days = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0].textValue ?? "", $0) })
        #expect(days["2026-10-21"]?[1] == .integer(1))
        #expect(days["2026-10-22"]?[1] == .integer(0))
        #expect(days["2026-10-22"]?[3] == .integer(1))
    }

    @Test func reopens() throws {
        let table = try run("reopens")
        #expect(table.columns.map(\.name) == ["department", "closed", "reopened", "reopen_rate", "reopen_events"])
        #expect(table.columns[3].format == .percent)
        expectRows(
            table,
            [
                // Sales: 203 closed 11-08 (Answered → Closed), not reopened since: 0 ÷ 1.
                ["Sales", 1, 0, 0.0, 0],
                // Support: 201 closed 11-04, reopened 11-06 (Closed → Customer-Reply): 1 ÷ 1, one reopen.
                // 205 (first seen closed) and 204 (deleted) are no observed closes.
                ["Support", 1, 1, 1.0, 1],
                // 2 closed, 1 reopened: 0.5; 1 reopen in the period.
                ["All departments", 2, 1, 0.5, 1],
            ])
    }

    /// A close in the period reopened after it still counts as reopened; the reopen itself
    /// belongs to the later period.
    @Test func reopensLookPastThePeriod() throws {
        let table = try run(
            "reopens", try ReportArguments.parse(month: nil, from: "2026-11-01", to: "2026-11-05", params: []))
        expectRows(
            table,
            [
                // 201 closed 11-04, reopened 11-06 (after the period): reopened 1, reopen_events 0.
                ["Support", 1, 1, 1.0, 0],
                ["All departments", 1, 1, 1.0, 0],
            ])
        // Nothing observed: the total row alone, rate NULL.
        expectRows(
            try run("reopens", ReportArguments(month: ReportMonth(year: 2026, month: 10))),
            [
                ["All departments", 0, 0, nil, 0]
            ])
    }

    @Test func timeToClose() throws {
        let table = try run("time-to-close")
        #expect(
            table.columns.map(\.name) == [
                "department", "closed", "median_hours", "p90_hours", "median_gap_hours", "proxy_closed",
                "proxy_median_hours",
            ])
        expectRows(
            table,
            [
                // Sales: 203 first seen closed at 11-08 09:00, opened 11-02 14:00: 5 d 19 h = 139 h;
                // its last reply then 11-07 10:00: seen 23 h after it. Proxy: 209, first seen closed,
                // last reply 11-02 18:00 − opened 10-31 10:00 = 56 h. (207's last reply is in October.)
                ["Sales", 1, 139.0, 139.0, 23.0, 1, 56.0],
                // Support: 201 first close seen 11-04 09:00 − opened 10-30 10:00 = 4 d 23 h = 119 h;
                // last reply 11-03 15:00 → 18 h. Proxy: 202 (11-01 12:00 − 10-25 08:00 = 172 h) and
                // 205 (11-04 12:00 − 11-04 10:00 = 2 h): median (172 + 2) / 2 = 87 h.
                ["Support", 1, 119.0, 119.0, 18.0, 2, 87.0],
                // All: 119, 139 → median 129; p90 rank 0.9 → 119 + 0.9 × 20 = 137; gaps 18, 23 → 20.5;
                // proxy 2, 56, 172 → 56.
                ["All departments", 2, 129.0, 137.0, 20.5, 3, 56.0],
            ])
    }

    @Test func statusFlow() throws {
        let table = try run("status-flow")
        #expect(table.columns.map(\.name) == ["from_status", "to_status", "transitions", "tickets"])
        expectRows(
            table,
            [
                // 203 on 11-05 and 11-07, 206 on 11-07: 3 changes, 2 tickets.
                ["Open", "Answered", 3, 2],
                // Then one each, by from and to: 203 11-08, 203 11-06, 201 11-06, 201 11-04.
                // Creations, deletions, priority changes and activity are not status changes.
                ["Answered", "Closed", 1, 1],
                ["Answered", "Open", 1, 1],
                ["Closed", "Customer-Reply", 1, 1],
                ["Open", "Closed", 1, 1],
            ])
    }

    /// The pack shows the Reopen rate tile and the backlog only for a month with history.
    @Test func thePackShowsHistoryOnlyForAMonthWithEvents() throws {
        let store = try TemporaryStore.dataset()
        // One observed close in October: ticket 101 (Support), Open → Closed.
        try TicketStore(path: store.path, access: .readWrite).write { db in
            try db.execute(
                sql: """
                    INSERT INTO ticket_events (source, ticket_id, observed_at, field, old_value, new_value, last_reply_at)
                    VALUES ('default', 101, '2026-10-06 12:00:00', 'status', 'Open', 'Closed', '2026-10-06 09:30:00')
                    """)
        }
        let config = try Dataset.config()
        let october = try MonthlyPack.build(
            store: try store.reader(), config: config, month: ReportMonth(year: 2026, month: 10)!, catalog: .builtIn)
        #expect(october.tables.map(\.name).suffix(3) == ["resolution", "backlog", "data-notes"])
        let tile = try #require(october.tiles.last)
        #expect(tile.label == "Reopen rate")
        #expect(tile.format == .percent)
        #expect(tile.direction == .lowerIsBetter)
        #expect(tile.value == .real(0))  // 101 closed, not reopened: 0 ÷ 1
        #expect(tile.previous == .null)  // nothing closed in September

        // September has no event (the dataset's first looks are today): no tile, no backlog.
        let september = try MonthlyPack.build(
            store: try store.reader(), config: config, month: ReportMonth(year: 2026, month: 9)!, catalog: .builtIn)
        #expect(!september.tables.map(\.name).contains("backlog"))
        #expect(!september.tiles.map(\.label).contains("Reopen rate"))
        #expect(september.tiles.count == 6)
    }

    @Test func packConditionsAreCheckedWhenLoaded() throws {
        let pack = try PackDefinition(
            name: "p", file: "p.yaml",
            text: """
                title: P
                tiles:
                  - { label: A, report: reopens, column: closed, when: events }
                  - { label: B, report: sla, column: tickets }
                reports:
                  - sla
                  - { report: backlog, when: events }
                """)
        #expect(pack.reports == ["sla", "backlog"])
        #expect(pack.reportConditions == [nil, .events])
        #expect(pack.tiles.map(\.when) == [.events, nil])
        #expect(
            throws: ReportError(
                .invalidDefinition, "reports[0].when: unknown condition \"always\" (use events, sources)",
                file: "p.yaml",
                line: 3)
        ) {
            _ = try PackDefinition(
                name: "p", file: "p.yaml", text: "title: P\nreports:\n  - { report: sla, when: always }\n")
        }
        #expect(
            throws: ReportError(
                .invalidDefinition, "tiles[0].wen: unknown key (did you mean when?)", file: "p.yaml", line: 3)
        ) {
            _ = try PackDefinition(
                name: "p", file: "p.yaml",
                text: "title: P\ntiles:\n  - { label: A, report: sla, column: x, wen: events }\n")
        }
    }
}
