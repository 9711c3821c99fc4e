import Config
import Foundation
import HelpdeskAPI
import Reporting
import Testing
import TicketStore

/// Quarters and years (`--quarter`, `--year`) and helpdesk sources (`--source`) on the
/// hand-checked dataset (Dataset.swift): 111 opened 2026-09-30, 101–110 in October, 112 on
/// 2026-11-02.
@Suite struct PeriodsAndSourcesTests {
    static let q3 = ReportQuarter(year: 2026, quarter: 3)!
    static let q4 = ReportQuarter(year: 2026, quarter: 4)!
    static let y2026 = ReportYear(2026)!
    static let october = ReportMonth(year: 2026, month: 10)!

    // MARK: - Periods

    @Test func quartersAndYearsBindTheirHalfOpenRangesAndThePreviousOne() throws {
        let runner = try TemporaryStore.dataset().runner()
        let report = try ReportCatalog.builtIn.definition(named: "response-times")
        func bound(_ period: ReportPeriod) throws -> [String?] {
            let values = try runner.bind(report, arguments: ReportArguments(period: period))
            return ["month", "month_start", "month_end", "prev_month_start", "prev_month_end"].map(values.value(of:))
        }
        #expect(
            try bound(.quarter(Self.q3)) == [
                "2026-Q3", "2026-07-01 00:00:00", "2026-10-01 00:00:00", "2026-04-01 00:00:00", "2026-07-01 00:00:00",
            ])
        #expect(
            try bound(.quarter(try ReportQuarter(parsing: "2026-Q1"))) == [
                "2026-Q1", "2026-01-01 00:00:00", "2026-04-01 00:00:00", "2025-10-01 00:00:00", "2026-01-01 00:00:00",
            ])
        #expect(
            try bound(.year(Self.y2026)) == [
                "2026", "2026-01-01 00:00:00", "2027-01-01 00:00:00", "2025-01-01 00:00:00", "2026-01-01 00:00:00",
            ])
        // The month keeps its five values.
        #expect(
            try bound(.month(Self.october)) == [
                "2026-10", "2026-10-01 00:00:00", "2026-11-01 00:00:00", "2026-09-01 00:00:00", "2026-10-01 00:00:00",
            ])
        #expect(
            ReportPeriod.quarter(try ReportQuarter(parsing: "2026-Q1")).previous
                == .quarter(try ReportQuarter(parsing: "2025-Q4")))
        #expect(ReportPeriod.year(Self.y2026).previous.description == "2025")
        #expect(ReportPeriod.quarter(Self.q4).months.map(\.description) == ["2026-10", "2026-11", "2026-12"])
        #expect(ReportPeriod.quarter(Self.q4).lastDay.description == "2026-12-31")
        #expect(try ReportQuarter(parsing: "2026-q2").description == "2026-Q2")
    }

    @Test func badPeriodsAreRefusedWithOneLine() throws {
        func problem(_ body: () throws(ReportError) -> Any?) -> String? {
            do { _ = try body() } catch { return error.problem }
            return nil
        }
        let quarter = "quarter must be YYYY-QN with a quarter Q1–Q4 (e.g. 2026-Q3)"
        for text in ["2026-Q5", "2026-Q0", "2026Q3", "26-Q1", "2026-Q", "2026-Q3x", "２０２６-Q1"] {
            #expect(problem { () throws(ReportError) in try ReportQuarter(parsing: text) } == quarter, "\(text)")
        }
        for text in ["26", "20260", "2026-", "0000", ""] {
            #expect(
                problem { () throws(ReportError) in try ReportYear(parsing: text) }
                    == "year must be YYYY, four digits (e.g. 2026)", "\(text)")
        }
        #expect(
            problem { () throws(ReportError) in
                try ReportArguments.parse(month: "2026-13", from: nil, to: nil, params: [])
            } == "month must be YYYY-MM with a month 01–12")
        #expect(
            problem { () throws(ReportError) in
                try ReportArguments.parse(month: "2026-10", quarter: "2026-Q3", from: nil, to: nil, params: [])
            } == "give one period: --month, --quarter or --year, not --month and --quarter")
        #expect(
            problem { () throws(ReportError) in
                try ReportArguments.parse(quarter: "2026-Q3", year: "2026", from: nil, to: nil, params: [])
            } == "give one period: --month, --quarter or --year, not --quarter and --year")
        #expect(
            problem { () throws(ReportError) in
                try ReportArguments.parse(
                    month: nil, quarter: "2026-Q3", from: "2026-07-01", to: "2026-07-02", params: [])
            } == "give either --quarter or --from/--to, not both")
        #expect(
            problem { () throws(ReportError) in
                try ReportArguments.parse(month: nil, year: "2026", from: "2026-07-01", to: nil, params: [])
            } == "give either --year or --from/--to, not both")
    }

    /// Counts over a quarter or a year are the sums of its months' counts, row by row.
    @Test func aQuarterAndAYearAddUpTheirMonths() throws {
        let runner = try TemporaryStore.dataset().runner()
        let additive: [(report: String, columns: [String])] = [
            ("response-times", ["tickets", "admin_opened", "answered", "unanswered"]),
            ("sla", ["tickets", "met", "breached", "breached_unanswered", "pending", "time_unknown"]),
            ("ratings", ["rated", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5"]),
            ("admin-ratings", ["rated", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5"]),
            (
                "department-load",
                ["tickets", "customer_replies", "admin_replies", "notes", "low", "medium", "high", "open", "closed"]
            ),
            ("admin-load", ["replies", "notes", "first_responses", "rated"]),
            ("next-reply", ["waits"]),
            ("resolution", ["closed"]),
            ("weekday-hour", (0..<24).map { String(format: "h%02d", $0) }),
        ]
        for period in [ReportPeriod.quarter(Self.q4), .quarter(Self.q3), .year(Self.y2026)] {
            for (name, columns) in additive {
                let report = try ReportCatalog.builtIn.definition(named: name)
                let whole = try runner.run(report, arguments: ReportArguments(period: period))
                var summed: [String: [Int64]] = [:]
                for month in period.months {
                    let part = try runner.run(report, arguments: ReportArguments(month: month))
                    for row in part.rows {
                        let key = Self.key(row, name)
                        let values = columns.map { row[part.columnIndex($0)!].doubleValue.map { Int64($0) } ?? 0 }
                        summed[key] = zip(summed[key] ?? Array(repeating: 0, count: columns.count), values).map(+)
                    }
                }
                var got: [String: [Int64]] = [:]
                for row in whole.rows {
                    got[Self.key(row, name)] = columns.map {
                        row[whole.columnIndex($0)!].doubleValue.map { Int64($0) } ?? 0
                    }
                }
                // Rows a month lists with zeros (a department active only by a reply) may be missing in another.
                #expect(
                    got.filter { $0.value.contains { $0 != 0 } } == summed.filter { $0.value.contains { $0 != 0 } },
                    "\(name) \(period)")
            }
        }
        // And by hand: 101–110 and 112 in Q4 (112 is Monday 2 November), 111 in Q3.
        let times = try ReportCatalog.builtIn.definition(named: "response-times")
        func tickets(_ period: ReportPeriod) throws -> CellValue? {
            try runner.run(times, arguments: ReportArguments(period: period)).rows.last?[1]
        }
        #expect(try tickets(.quarter(Self.q4)) == .integer(11))
        #expect(try tickets(.quarter(Self.q3)) == .integer(1))
        #expect(try tickets(.year(Self.y2026)) == .integer(12))
        // Daily volume: every day of the quarter, the months one after another.
        let daily = try ReportCatalog.builtIn.definition(named: "daily-volume")
        let quarterDays = try runner.run(daily, arguments: ReportArguments(period: .quarter(Self.q4))).rows
        let monthDays = try Self.q4.months.flatMap { try runner.run(daily, arguments: ReportArguments(month: $0)).rows }
        #expect(quarterDays.count == 92)
        #expect(quarterDays == monthDays)
    }

    /// What identifies a row: the department or admin, and for sla the priority too.
    static func key(_ row: [CellValue], _ report: String) -> String {
        report == "sla" ? row[0].textValue + " / " + row[1].textValue : row[0].textValue
    }

    @Test func theTrendTurnsIntoEightQuartersOrFiveYears() throws {
        let runner = try TemporaryStore.dataset().runner()
        let trend = try ReportCatalog.builtIn.definition(named: "monthly-trend")
        let quarters = try runner.run(trend, arguments: ReportArguments(period: .quarter(Self.q4)))
        #expect(
            quarters.rows.map(\.[0])
                == [
                    "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
                ].map(CellValue.text))
        #expect(quarters.rows.map(\.[1]) == [0, 0, 0, 0, 0, 0, 1, 11].map(CellValue.integer))
        let years = try runner.run(trend, arguments: ReportArguments(period: .year(Self.y2026)))
        #expect(years.rows.map(\.[0]) == ["2022", "2023", "2024", "2025", "2026"].map(CellValue.text))
        #expect(years.rows.map(\.[1]) == [0, 0, 0, 0, 12].map(CellValue.integer))
        // A month stays twelve months; the quarter's last row is the three months together.
        let months = try runner.run(trend, arguments: ReportArguments(month: Self.october))
        #expect(months.rows.count == 12)
        #expect(months.rows.last?[0] == .text("2026-10"))
        #expect(months.rows.map(\.[1]).suffix(2) == [.integer(1), .integer(10)])
        let q4Months = try Self.q4.months.map {
            try runner.run(trend, arguments: ReportArguments(month: $0)).rows.last![1].doubleValue!
        }
        #expect(q4Months.reduce(0, +) == quarters.rows.last![1].doubleValue)
    }

    @Test func aQuarterPackComparesWithTheQuarterBeforeAndNamesItsFiles() throws {
        let store = try TemporaryStore.dataset()
        let pack = try MonthlyPack.build(
            store: try store.reader(), config: try Dataset.config(), period: .quarter(Self.q4), catalog: .builtIn)
        #expect(pack.period == "2026-Q4")
        #expect(pack.source == nil)
        #expect(pack.fileBaseName == "support-2026-Q4")
        let tickets = try #require(pack.tiles.first { $0.label == "Tickets" })
        #expect(tickets.value == .integer(11))
        #expect(tickets.previous == .integer(1))
        #expect(pack.tables.allSatisfy { $0.parameters.first?.value == "2026-Q4" })
        // Data notes cover the quarter's tickets (RealWorldFiguresTests pins what they count).
        #expect(pack.tables.map(\.name).contains("data-notes"))
        #expect(!pack.tables.map(\.name).contains("source-comparison"))

        let year = try MonthlyPack.build(
            store: try store.reader(), config: try Dataset.config(), period: .year(Self.y2026), catalog: .builtIn)
        #expect(year.fileBaseName == "support-2026")
        #expect(year.tiles.first { $0.label == "Tickets" }?.value == .integer(12))
        #expect(year.tiles.first { $0.label == "Tickets" }?.previous == .integer(0))
    }

    // MARK: - Sources

    /// beta holds five of the dataset's tickets under the same ids as alpha's: ids repeat
    /// across sources, and beta's newest timestamp (110, Saturday 31 October) is older than
    /// alpha's (112), so each source's SLA clock differs.
    static let betaIDs: Set<Int> = [101, 104, 106, 108, 110]

    static func twoSources() throws -> TemporaryStore {
        try TemporaryStore().write(try Dataset.tickets(), source: "alpha")
            .write(try Dataset.tickets().filter { betaIDs.contains($0.ticketID) }, source: "beta")
    }

    @Test func eachSourcesFiguresEqualThoseOfAStoreHoldingOnlyIt() throws {
        let two = try Self.twoSources().runner()
        let alphaOnly = try TemporaryStore().write(try Dataset.tickets(), source: "alpha").runner()
        let betaOnly = try TemporaryStore().write(
            try Dataset.tickets().filter { Self.betaIDs.contains($0.ticketID) }, source: "beta"
        ).runner()
        let names = ReportCatalog.builtIn.list().map(\.name)
        #expect(names.count == 17)
        for name in names {
            let report = try ReportCatalog.builtIn.definition(named: name)
            for period in [ReportPeriod.month(Self.october), .quarter(Self.q4)] {
                for (source, alone) in [("alpha", alphaOnly), ("beta", betaOnly)] {
                    let filtered = try two.run(report, arguments: ReportArguments(period: period, source: source))
                    let expected = try alone.run(report, arguments: ReportArguments(period: period))
                    #expect(filtered.rows == expected.rows, "\(name) \(period) \(source)")
                    #expect(filtered.parameters.last?.name == "source")
                    #expect(filtered.parameters.last?.value == source)
                }
            }
        }
        // Without --source the store's two sources are counted together.
        let times = try ReportCatalog.builtIn.definition(named: "response-times")
        let all = try two.run(times, arguments: ReportArguments(month: Self.october))
        #expect(all.rows.last?[1] == .integer(15))
    }

    @Test func theComparisonHasOneRowPerSourceWithResponseTimesAndRatingsFigures() throws {
        let two = try Self.twoSources().runner()
        let comparison = try ReportCatalog.builtIn.definition(named: "source-comparison")
        let table = try two.run(comparison, arguments: ReportArguments(month: Self.october))
        #expect(
            table.columns.map(\.name) == ["source", "tickets", "frt_median_hours", "sla_met_share", "rated", "csat"])
        #expect(table.rows.map(\.[0]) == ["alpha", "beta", "All sources"].map(CellValue.text))
        #expect(table.rows.map(\.[1]) == [10, 5, 15].map(CellValue.integer))
        // The same definitions: each row equals response-times' and ratings' total rows for
        // that source (and for all sources).
        let times = try ReportCatalog.builtIn.definition(named: "response-times")
        let ratings = try ReportCatalog.builtIn.definition(named: "ratings")
        for (index, source) in [(0, "alpha"), (1, "beta"), (2, nil)] as [(Int, String?)] {
            let arguments = ReportArguments(month: Self.october, source: source)
            let total = try #require(try two.run(times, arguments: arguments).rows.last)
            let rated = try #require(try two.run(ratings, arguments: arguments).rows.last)
            let row = table.rows[index]
            #expect(row[1] == total[1], "\(source ?? "all")")
            #expect(row[2] == total[6], "\(source ?? "all") FRT median")
            #expect(row[3] == total[9], "\(source ?? "all") SLA met")
            #expect(row[4] == rated[1], "\(source ?? "all") rated")
            #expect(row[5] == rated[8], "\(source ?? "all") CSAT")
        }
        // By hand for beta: FRT of 101 (6 h), 104 (0, skew), 106 (1.5 h), 108 (73 h) → median 3.75 h;
        // 101 breached (High, 6 business hours > 4), 104 met (0), 106 met (0.5 business hours
        // of 8), 108 breached (Low, 73 h > 48 calendar hours), 110 pending → 2 of 4.
        #expect(table.rows[1][2] == .real(3.75))
        #expect(table.rows[1][3] == .real(0.5))
        // One source asked: its row and the total, equal.
        let beta = try two.run(comparison, arguments: ReportArguments(month: Self.october, source: "beta"))
        #expect(beta.rows.map(\.[0]) == [.text("beta"), .text("All sources")])
        #expect(Array(beta.rows[0].dropFirst()) == Array(beta.rows[1].dropFirst()))
        #expect(beta.rows[0] == table.rows[1])
    }

    @Test func thePackComparesSourcesOnlyWhenTheStoreHasSeveral() throws {
        let store = try Self.twoSources()
        let config = try Dataset.config()
        let combined = try MonthlyPack.build(
            store: try store.reader(), config: config, month: Self.october, catalog: .builtIn)
        #expect(combined.tables.map(\.name).prefix(2) == ["response-times", "source-comparison"])
        #expect(combined.fileBaseName == "support-2026-10")
        #expect(combined.tiles.first { $0.label == "Tickets" }?.value == .integer(15))

        let beta = try MonthlyPack.build(
            store: try store.reader(), config: config, period: .month(Self.october), source: "beta", catalog: .builtIn)
        #expect(beta.source == "beta")
        #expect(beta.fileBaseName == "support-2026-10-beta")
        #expect(!beta.tables.map(\.name).contains("source-comparison"))
        #expect(beta.tiles.first { $0.label == "Tickets" }?.value == .integer(5))
        #expect(beta.tables.allSatisfy { $0.parameters.last?.value == "beta" })

        let single = try MonthlyPack.build(
            store: try TemporaryStore.dataset().reader(), config: config, month: Self.october, catalog: .builtIn)
        #expect(!single.tables.map(\.name).contains("source-comparison"))
    }

    @Test func anUnknownSourceNamesTheKnownOnes() throws {
        let store = try Self.twoSources().reader()
        #expect(try StoreSources.names(in: store) == ["alpha", "beta"])
        let message = "unknown source \"gamma\" (the store holds: alpha, beta)"
        #expect(throws: ReportError(.invalidParameter, message)) { try StoreSources.check("gamma", in: store) }
        #expect(throws: ReportError(.invalidParameter, message)) {
            try MonthlyPack.build(
                store: store, config: try Dataset.config(), period: .month(Self.october), source: "gamma",
                catalog: .builtIn)
        }
        try StoreSources.check("beta", in: store)
        try StoreSources.check(nil, in: store)
        #expect(StoreSources.fileSafe("EU / Billing") == "EU___Billing")
        #expect(StoreSources.fileSafe("../etc") == "_._etc")
        #expect(StoreSources.fileSafe("support-2") == "support-2")
    }

    @Test func sourceBindsWhereTheSQLUsesItAndIsRefusedWhereNot() throws {
        let runner = try Self.twoSources().runner()
        let sql = "SELECT count(*) AS n FROM tickets WHERE :source IS NULL OR source = :source"
        #expect(try runner.runQuery(sql: sql, arguments: ReportArguments()).rows == [[.integer(17)]])
        #expect(try runner.runQuery(sql: sql, arguments: ReportArguments(source: "beta")).rows == [[.integer(5)]])
        #expect(
            throws: ReportError(
                .invalidParameter, "report \"query\" does not filter by source (it has no :source); drop --source")
        ) {
            try runner.runQuery(sql: "SELECT 1 AS one", arguments: ReportArguments(source: "beta"))
        }
        #expect(throws: ReportError(.invalidParameter, "give the source once: --source or --param source=…, not both"))
        {
            try runner.run(
                try ReportCatalog.builtIn.definition(named: "ratings"),
                arguments: ReportArguments(values: ["source": "alpha"], source: "beta"))
        }
        // --param source= works like --source for a report that declares it.
        let ratings = try ReportCatalog.builtIn.definition(named: "ratings")
        #expect(
            try runner.run(ratings, arguments: ReportArguments(month: Self.october, values: ["source": "beta"])).rows
                == runner.run(ratings, arguments: ReportArguments(period: .month(Self.october), source: "beta")).rows)
    }
}

extension TemporaryStore {
    /// Writes `tickets` under `source`, as `ingest --source` does.
    @discardableResult
    func write(_ tickets: [Ticket], source: String) throws -> TemporaryStore {
        let writer = try TicketStore(path: path, access: .readWrite, calendar: try Dataset.config().calendar)
        try writer.writeSync(tickets.map { .ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }, source: source)
        return self
    }
}
