import Foundation
import Reporting
import Testing

/// Every built-in report on the hand-built dataset (see `Dataset`), for October 2026, with
/// each figure worked out by hand the spreadsheet way (PERCENTILE.INC: rank = p × (n − 1),
/// interpolate between the neighbours).
@Suite struct BuiltInReportFiguresTests {
    let store: TemporaryStore
    let runner: ReportRunner
    let october = ReportArguments(month: ReportMonth(year: 2026, month: 10))

    init() throws {
        store = try TemporaryStore.dataset()
        runner = try store.runner()
    }

    func run(_ name: String, _ arguments: ReportArguments? = nil) throws -> ResultTable {
        try runner.run(try ReportCatalog.builtIn.definition(named: name), arguments: arguments ?? october)
    }

    @Test func responseTimes() throws {
        let table = try run("response-times")
        #expect(
            table.columns.map(\.name) == [
                "department", "tickets", "admin_opened", "answered", "unanswered", "frt_mean_hours",
                "frt_median_hours", "frt_p90_hours", "frt_business_median_hours", "sla_met_share",
            ])
        #expect(table.parameters.map(\.name) == ["month", "as_of", "source"])
        #expect(table.parameters.map(\.value) == ["2026-10", "", ""])
        #expect(table.chart == ChartSpec(kind: .bar, x: "department", y: ["frt_median_hours", "frt_p90_hours"]))
        expectRows(
            table,
            [
                // Billing: 107, 108. FRT 172800 s (Sat 10:00 → Mon 10:00), 262800 s (Tue 09:00 → Fri 10:00).
                // mean (172800 + 262800) / 2 = 217800 s = 60.5 h; median the same;
                // p90 rank 0.9 × 1 = 0.9 → 172800 + 0.9 × 90000 = 253800 s = 70.5 h.
                // business: 107 Mon 09–10 = 3600; 108 Tue–Thu 3 × 8 h + Fri 1 h = 90000 → median 46800 s = 13 h.
                // SLA: 107 High 1 bh ≤ 4 bh met; 108 Low (calendar) 73 h > 48 h breached → 1/2.
                ["Billing", 2, 0, 2, 0, 60.5, 60.5, 70.5, 13.0, 0.5],
                // Sales: 104 (skew → 0), 105 admin-opened, 106 (08:00 → 09:30 = 5400 s).
                // mean 2700 s = 0.75 h, median 0.75 h, p90 0 + 0.9 × 5400 = 4860 s = 1.35 h;
                // business 0 and 1800 (09:00–09:30) → median 900 s = 0.25 h. SLA 2/2 met.
                ["Sales", 3, 1, 2, 0, 0.75, 0.75, 1.35, 0.25, 1.0],
                // Support: 101 (21600), 102 (324000: Fri 16:00 → Tue 10:00), 109 (0); 103, 110 unanswered.
                // mean 345600 / 3 = 115200 s = 32 h; median 21600 s = 6 h;
                // p90 rank 1.8 → 21600 + 0.8 × (324000 − 21600) = 263520 s = 73.2 h.
                // business (live, Mon 12 Oct a holiday): 21600, Fri 16–17 + Tue 09–10 = 7200, 0
                // → median 7200 s = 2 h (the stored figure without the holiday would give 6 h).
                // SLA: 101 6 bh > 4 breached, 102 met, 109 met, 103 unanswered 25 bh by the
                // newest timestamp (Mon 11-02 10:00) > 4 → breached, 110 1 bh < 8 → pending: 2/4.
                ["Support", 5, 0, 3, 2, 32.0, 6.0, 73.2, 2.0, 0.5],
                // All: FRT sorted 0, 0, 5400, 21600, 172800, 262800, 324000 (n = 7, sum 786600).
                // mean 786600 / 7 / 3600 = 31.2142857… h; median the 4th = 21600 s = 6 h;
                // p90 rank 5.4 → 262800 + 0.4 × 61200 = 287280 s = 79.8 h.
                // business sorted 0, 0, 1800, 3600, 7200, 21600, 90000 → 3600 s = 1 h.
                // SLA met 5 (102, 109, 104, 106, 107) of known 8 (110 pending) = 0.625.
                ["All departments", 10, 1, 7, 2, .number(786600.0 / 7 / 3600), 6.0, 79.8, 1.0, 0.625],
            ])
    }

    @Test func responseTimesForSeptemberHoldsTheTicketOpenedThere() throws {
        let table = try run("response-times", ReportArguments(month: ReportMonth(year: 2026, month: 9)))
        expectRows(
            table,
            [
                // 111: Wed 09-30 15:00 → Thu 10-01 10:00 = 68400 s = 19 h; business 2 h + 1 h = 3 h; Medium met.
                ["Billing", 1, 0, 1, 0, 19.0, 19.0, 19.0, 3.0, 1.0],
                ["All departments", 1, 0, 1, 0, 19.0, 19.0, 19.0, 3.0, 1.0],
            ])
    }

    @Test func nextReply() throws {
        expectRows(
            try run("next-reply"),
            [
                // Billing waits by admin reply date in October: 107 172800 and 7200 (the run of two
                // customer messages 11:00, 11:30 → 13:00), 108 262800, 111 68400 (a September
                // ticket answered 1 October). Sorted 7200, 68400, 172800, 262800:
                // mean 511200 / 4 = 127800 s = 35.5 h; median (68400 + 172800) / 2 = 120600 s = 33.5 h;
                // p90 rank 2.7 → 172800 + 0.7 × 90000 = 235800 s = 65.5 h.
                ["Billing", 4, 35.5, 33.5, 65.5],
                // Sales: 106 5400 and 105 1800 (admin-opened by Dave, but the customer's 10:00 reply
                // waited until 10:30: a next-reply wait, not a first response); 104's reply precedes its
                // opening message by 2 minutes, so its first wait, like its FRT, is 0 (clock skew).
                // Sorted 0, 1800, 5400: mean 7200 / 3 = 2400 s = 2/3 h; median 1800 s = 0.5 h;
                // p90 rank 1.8 → 1800 + 0.8 × 3600 = 4680 s = 1.3 h.
                ["Sales", 3, .number(2.0 / 3.0), 0.5, 1.3],
                // Support: 101 21600 and 61200 (16:30 → next day 09:30), 102 324000, 109 0.
                // Sorted 0, 21600, 61200, 324000: mean 406800 / 4 = 101700 s = 28.25 h;
                // median (21600 + 61200) / 2 = 41400 s = 11.5 h; p90 rank 2.7 → 61200 + 0.7 × 262800 = 245160 s = 68.1 h.
                ["Support", 4, 28.25, 11.5, 68.1],
                // All: 0, 0, 1800, 5400, 7200, 21600, 61200, 68400, 172800, 262800, 324000 (n = 11,
                // sum 925200): mean 925200 / 11 s = 257/11 h ≈ 23.36 h; median (rank 5) 21600 s = 6 h;
                // p90 rank 9.0 → 262800 s = 73 h.
                ["All departments", 11, .number(257.0 / 11.0), 6.0, 73.0],
            ])
    }

    @Test func ratings() throws {
        let table = try run("ratings")
        #expect(
            table.columns.map(\.name) == [
                "department", "rated", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5", "rating_mean",
                "csat",
            ])
        expectRows(
            table,
            [
                // Billing: 107 Alice 1, Bob 2; 111 Erin 5 (September ticket, October reply); 108 "0" unrated.
                // mean 8 / 3; CSAT 1 / 3.
                ["Billing", 3, 1, 1, 0, 0, 1, .number(8.0 / 3), .number(1.0 / 3)],
                // Sales: 104 Carol 3, 105 Dave 5 (admin-opened tickets still get rated); 106 missing.
                ["Sales", 2, 0, 0, 1, 0, 1, 4.0, 0.5],
                // Support: 101 Bob 5 (Alice's reply unrated), 102 Alice 4, 109 Bob 4. mean 13 / 3; CSAT 3 / 3.
                ["Support", 3, 0, 0, 0, 2, 1, .number(13.0 / 3), 1.0],
                // All: 1, 2, 3, 4, 4, 5, 5, 5 → mean 29 / 8 = 3.625; CSAT 5 / 8 = 0.625.
                ["All departments", 8, 1, 1, 1, 2, 3, 3.625, 0.625],
            ])
    }

    @Test func adminRatings() throws {
        let table = try run("admin-ratings")
        #expect(table.columns.first?.name == "admin")
        expectRows(
            table,
            [
                ["Alice", 2, 1, 0, 0, 1, 0, 2.5, 0.5],  // 102: 4, 107: 1 (101 unrated)
                ["Bob", 3, 0, 1, 0, 1, 1, .number(11.0 / 3), .number(2.0 / 3)],  // 101: 5, 107: 2, 109: 4
                ["Carol", 1, 0, 0, 1, 0, 0, 3.0, 0.0],  // 104: 3 (108 "0")
                ["Dave", 1, 0, 0, 0, 0, 1, 5.0, 1.0],  // 105: 5
                ["Erin", 1, 0, 0, 0, 0, 1, 5.0, 1.0],  // 111: 5 (106 missing)
                ["All admins", 8, 1, 1, 1, 2, 3, 3.625, 0.625],
            ])
    }

    @Test func departmentLoad() throws {
        expectRows(
            try run("department-load"),
            [
                // tickets, customer replies, admin replies, notes, low, medium, high, other, open, closed
                // Billing: 107, 108 opened; customer 107 × 2 + 108 × 1; admin 107 × 2 + 108 + 111 (1 Oct);
                // 111's note is September's.
                ["Billing", 2, 3, 4, 0, 1, 0, 1, 0, 1, 1],
                // Sales: 104, 105, 106; customer 105 × 1; admin 104, 105 (opening not counted), 106.
                ["Sales", 3, 1, 3, 0, 1, 1, 1, 0, 1, 2],
                // Support: 101, 102, 103, 109, 110; customer 101 × 1; admin 101 × 2, 102, 109; notes 102, 103.
                ["Support", 5, 1, 4, 2, 1, 2, 2, 0, 2, 3],
                ["All departments", 10, 5, 11, 2, 3, 3, 4, 0, 4, 6],
            ])
    }

    @Test func adminLoad() throws {
        expectRows(
            try run("admin-load"),
            [
                // admin, replies, notes, tickets touched, first responses, FRT median h, rated, mean rating
                // Alice: replies 101, 102, 107; note 102; first responses 21600, 324000, 172800 → median 48 h.
                ["Alice", 3, 1, 3, 3, 48.0, 2, 2.5],
                // Bob: replies 101, 107, 109; note 103 (touched 4); first response 109 (0).
                ["Bob", 3, 1, 4, 1, 0.0, 3, .number(11.0 / 3)],
                // Carol: 104 (0) and 108 (262800) → median 131400 s = 36.5 h.
                ["Carol", 2, 0, 2, 2, 36.5, 1, 3.0],
                // Dave: one reply on his own admin-opened ticket; no first response.
                ["Dave", 1, 0, 1, 0, nil, 1, 5.0],
                // Erin: 106 (5400) and 111 (68400, given 1 October) → median 36900 s = 10.25 h.
                ["Erin", 2, 0, 2, 2, 10.25, 1, 5.0],
                // All: 8 first responses 0, 0, 5400, 21600, 68400, 172800, 262800, 324000 → (21600 + 68400) / 2 = 12.5 h.
                ["All admins", 11, 2, 10, 8, 12.5, 8, 3.625],
            ])
    }

    @Test func dailyVolume() throws {
        let table = try run("daily-volume")
        #expect(table.columns.map(\.format) == [.date, .integer, .integer])
        let opened: [Int: Int64] = [2: 1, 5: 1, 6: 1, 9: 1, 15: 1, 19: 1, 22: 1, 24: 1, 28: 1, 31: 1]
        let expected: [[Expected]] = (1...31).map { day in
            [.text(String(format: "2026-10-%02d", day)), .integer(opened[day] ?? 0), .integer(day == 2 ? 1 : 0)]
        }
        expectRows(table, expected)
        #expect(table.chart?.kind == .line)
    }

    @Test func weekdayHour() throws {
        let table = try run("weekday-hour")
        #expect(table.columns.map(\.name) == ["weekday"] + (0..<24).map { String(format: "h%02d", $0) })
        #expect(table.chart == ChartSpec(kind: .heatmap, x: "weekday", y: (0..<24).map { String(format: "h%02d", $0) }))
        // Mon 101 (10h), 109 (9h); Tue 108 (9h); Wed 103 (9h); Thu 104 (12h), 106 (8h);
        // Fri 102 (16h), 105 (9h); Sat 107, 110 (both 10h); Sun none.
        let cells: [String: [Int: Int64]] = [
            "Mon": [9: 1, 10: 1], "Tue": [9: 1], "Wed": [9: 1], "Thu": [8: 1, 12: 1], "Fri": [9: 1, 16: 1],
            "Sat": [10: 2], "Sun": [:],
        ]
        let expected: [[Expected]] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { day in
            [.text(day)] + (0..<24).map { .integer(cells[day]?[$0] ?? 0) }
        }
        expectRows(table, expected)
    }

    @Test func monthlyTrend() throws {
        let table = try run("monthly-trend")
        var expected: [[Expected]] = (0..<10).map { offset in
            [.text(ReportMonth(year: 2025, month: 11)!.adding(months: offset).description), 0, nil, nil, nil]
        }
        // September: 111 only; FRT 19 h; no rating written in September; closed with one admin reply.
        expected.append(["2026-09", 1, 19.0, nil, 1.0])
        // October: median FRT 6 h (as response-times); CSAT 5 / 8; closed 101, 102, 104, 105, 107, 109,
        // of which one-touch 102, 104, 105 (admin-opened, opening not counted), 109 → 4 / 6.
        expected.append(["2026-10", 10, 6.0, 0.625, .number(4.0 / 6)])
        expectRows(table, expected)
    }

    @Test func sla() throws {
        expectRows(
            try run("sla"),
            [
                // department, priority, target h, clock, tickets, met, breached, breached unanswered, pending,
                // time unknown, share
                ["Billing", "High", 4.0, "business hours", 1, 1, 0, 0, 0, 0, 1.0],  // 107: 1 bh
                ["Billing", "Low", 48.0, "calendar", 1, 0, 1, 0, 0, 0, 0.0],  // 108: 73 h
                ["Sales", "Medium", 8.0, "business hours", 1, 1, 0, 0, 0, 0, 1.0],  // 106
                ["Sales", "Low", 48.0, "calendar", 1, 1, 0, 0, 0, 0, 1.0],  // 104 (105 admin-opened: not counted)
                ["Support", "High", 4.0, "business hours", 2, 0, 2, 1, 0, 0, 0.0],  // 101 late, 103 unanswered
                ["Support", "Medium", 8.0, "business hours", 2, 1, 0, 0, 1, 0, 1.0],  // 102 met, 110 pending
                ["Support", "Low", 48.0, "calendar", 1, 1, 0, 0, 0, 0, 1.0],  // 109
                ["All departments", "High", 4.0, "business hours", 3, 1, 2, 1, 0, 0, .number(1.0 / 3)],
                ["All departments", "Medium", 8.0, "business hours", 3, 2, 0, 0, 1, 0, 1.0],
                ["All departments", "Low", 48.0, "calendar", 3, 2, 1, 0, 0, 0, .number(2.0 / 3)],
                // Same rule as response-times' sla_met_share: 5 met of 8 known.
                ["All departments", "All priorities", nil, nil, 9, 5, 3, 1, 1, 0, 0.625],
            ])
    }

    @Test func slaAsOfMakesThePendingTicketKnown() throws {
        // As of Wed 2026-11-04 00:00, 110 (Sat 10-31 10:00) has 16 business hours > 8: breached.
        let arguments = ReportArguments(month: ReportMonth(year: 2026, month: 10), values: ["as_of": "2026-11-04"])
        let table = try run("sla", arguments)
        expectRows(
            ResultTable(name: "sla", title: "", columns: table.columns, rows: Array(table.rows.suffix(1))),
            [["All departments", "All priorities", nil, nil, 9, 5, 4, 2, 0, 0, .number(5.0 / 9)]])
        let times = try run("response-times", arguments)
        #expect(Expected.number(5.0 / 9).matches(times.rows.last![9]))
    }

    @Test func unanswered() throws {
        let table = try run("unanswered")
        #expect(table.parameters.map(\.value) == ["2026-10", "2026-11-01", ""])
        expectRows(
            table,
            [
                // 103: Wed 10-28 09:00 → Sun 11-01 00:00 = 87 h; business Wed, Thu, Fri 8 h each = 24 h;
                // High 4 bh passed. The note does not make it answered.
                [103, "T-103", "Support", "High", "Open", "Subject 103", "2026-10-28 09:00:00", 87.0, 24.0, "yes"],
                // 110: Sat 10-31 10:00 → 14 h, no business hours yet.
                [
                    110, "T-110", "Support", "Medium", "In Progress", "Subject 110", "2026-10-31 10:00:00", 14.0, 0.0,
                    "no",
                ],
            ])
        // A later day brings in 112 (Mon 11-02 10:00 → Tue 11-03 00:00: 14 h, business 10:00–17:00 = 7 h).
        let later = try run(
            "unanswered", ReportArguments(month: ReportMonth(year: 2026, month: 10), values: ["as_of": "2026-11-03"]))
        #expect(later.rows.map { $0[0] } == [.integer(103), .integer(110), .integer(112)])
        expectRows(
            ResultTable(name: "unanswered", title: "", columns: later.columns, rows: [later.rows[2]]),
            [[112, "T-112", "Support", "High", "Open", "Subject 112", "2026-11-02 10:00:00", 14.0, 7.0, "yes"]])
    }

    @Test func resolution() throws {
        let table = try run("resolution")
        #expect(table.title.contains("proxy"))
        #expect(table.description.contains("proxy"))
        expectRows(
            table,
            [
                ["Billing", 1, 51.0, 51.0, 51.0],  // 107: Sat 10:00 → Mon 13:00
                // 104: last reply 2 minutes before the date → clamped to 0; 105: 1 h.
                // p90 rank 0.9 → 0 + 0.9 × 3600 = 3240 s = 0.9 h.
                ["Sales", 2, 0.5, 0.5, 0.9],
                // 101 84600 (23.5 h), 102 324000 (90 h), 109 0: mean 408600 / 3 s; median 23.5 h;
                // p90 rank 1.8 → 84600 + 0.8 × 239400 = 276120 s = 76.7 h.
                ["Support", 3, .number(408600.0 / 3 / 3600), 23.5, 76.7],
                // All: 0, 0, 3600, 84600, 183600, 324000: mean 595800 / 6 = 99300 s;
                // median (3600 + 84600) / 2 = 44100 s = 12.25 h; p90 rank 4.5 → 183600 + 0.5 × 140400 = 253800 s = 70.5 h.
                ["All departments", 6, .number(99300.0 / 3600), 12.25, 70.5],
            ])
    }

    @Test func defaultMonthIsTheLastCompleteMonth() throws {
        // The newest ticket is 112 (2026-11-02), so the last complete month is October.
        #expect(try ReportMonth.lastComplete(in: try store.reader()) == ReportMonth(year: 2026, month: 10))
        let table = try runner.run(try ReportCatalog.builtIn.definition(named: "response-times"))
        #expect(table.parameters.first?.value == "2026-10")
        #expect(table.rows.last?[1] == .integer(10))
    }

    @Test func fromToStandsInForTheMonth() throws {
        // 2026-10-01 … 2026-10-09 inclusive: 105, 101, 108, 102 (opened Fri 9 Oct 16:00).
        let arguments = try ReportArguments.parse(month: nil, from: "2026-10-01", to: "2026-10-09", params: [])
        let table = try run("response-times", arguments)
        #expect(table.parameters.first?.value == "2026-10-01..2026-10-09")
        #expect(table.rows.last?[1] == .integer(4))
        let days = try run("daily-volume", arguments)
        #expect(days.rows.count == 9)
    }
}
