import Config
import Foundation
import TicketStore

/// The monthly management pack: KPI tiles with the previous period's values, then the
/// reports listed in `monthly.yaml`, all for one month (or quarter, or year), of every
/// source of the store or of one.
///
///     let store = try config.openStore()
///     let pack = try MonthlyPack.build(store: store, config: config, month: try ReportMonth(parsing: "2026-10"))
///     pack.tiles.map(\.label)      // ["Tickets", "Median FRT", …]
///     let q3 = try MonthlyPack.build(
///         store: store, config: config, period: .quarter(try ReportQuarter(parsing: "2026-Q3")), source: "support")
///     q3.period                    // "2026-Q3", its tiles against 2026-Q2
package enum MonthlyPack {
    /// Builds the pack named `pack` (default `monthly`) for `month`, all sources together.
    package static func build(
        store: TicketStore, config: TicketReportConfig, month: ReportMonth, catalog: ReportCatalog? = nil,
        pack name: String = "monthly", generatedAt: Date = Date()
    ) throws(ReportError) -> ReportPack {
        try build(
            store: store, config: config, period: .month(month), catalog: catalog, pack: name,
            generatedAt: generatedAt)
    }

    /// Builds the pack named `pack` (default `monthly`) for `period`: a month, a quarter, a
    /// year (tiles compare with the month, quarter or year before) or a range of days.
    ///
    /// - Parameters:
    ///   - source: only this helpdesk source's figures (checked against the store's
    ///     sources); nil: every source together, with the `when: sources` entries shown when
    ///     the store holds several.
    ///   - catalog: where reports and the pack are looked up; by default the standard
    ///     order with the configuration's `reports_dir`.
    ///   - generatedAt: the time shown on the pack.
    package static func build(
        store: TicketStore, config: TicketReportConfig, period: ReportPeriod, source: String? = nil,
        catalog: ReportCatalog? = nil, pack name: String = "monthly", generatedAt: Date = Date()
    ) throws(ReportError) -> ReportPack {
        try StoreSources.check(source, in: store)
        let catalog = catalog ?? ReportCatalog.standard(config: config)
        let pack = try catalog.pack(named: name)
        var definitions: [String: ReportDefinition] = [:]

        func definition(_ report: String, line: Int) throws(ReportError) -> ReportDefinition {
            if let known = definitions[report] { return known }
            do {
                let loaded = try catalog.definition(named: report)
                definitions[report] = loaded
                return loaded
            } catch  where error.kind == .notFound {
                throw ReportError(.notFound, "\(error.problem)", file: pack.file, line: line)
            }
        }

        // Every (report, period) the pack needs, in order of first use: the reports, then the
        // tiles' reports for the period and the one before. They run side by side (see
        // `run`); errors surface below in the order a one-by-one build would meet them.
        var jobs: [PackJob] = []
        func need(_ report: String, _ period: ReportPeriod, line: Int) {
            guard !jobs.contains(where: { $0.report == report && $0.period == period }) else { return }
            let loaded: Result<ReportDefinition, ReportError>
            do throws(ReportError) { loaded = .success(try definition(report, line: line)) } catch {
                loaded = .failure(error)
            }
            jobs.append(PackJob(report: report, period: period, definition: loaded))
        }
        // Entries with `when:` only for a period where their condition holds.
        var holds: [PackDefinition.Condition: Bool] = [:]
        func shown(_ condition: PackDefinition.Condition?) -> Bool {
            guard let condition else { return true }
            if let known = holds[condition] { return known }
            let answer = Self.holds(condition, store: store, period: period, source: source)
            holds[condition] = answer
            return answer
        }
        let reports = pack.reports.indices.filter { shown(pack.reportConditions[$0]) }
        let packTiles = pack.tiles.filter { shown($0.when) }

        for index in reports { need(pack.reports[index], period, line: pack.reportLines[index]) }
        for tile in packTiles {
            need(tile.report, period, line: tile.line)
            need(tile.report, period.previous, line: tile.line)
        }
        for job in PackHighlights.jobs(in: catalog, history: shown(.events), settings: pack.highlights) {
            need(job.report, job.previous ? period.previous : period, line: 0)
        }

        let outcomes = run(jobs, source: source, store: store, config: config)
        func result(_ report: String, _ period: ReportPeriod) throws(ReportError) -> ResultTable {
            guard let index = jobs.firstIndex(where: { $0.report == report && $0.period == period }),
                let outcome = outcomes[index]
            else { throw ReportError(.sql, "report \"\(report)\" of the pack did not run") }
            return try outcome.get()
        }

        var tables: [ResultTable] = []
        for index in reports { tables.append(try result(pack.reports[index], period)) }
        // What bends this period's figures (of this source), when anything does.
        let notes = try DataCheck.findings(
            store: store, config: config, period: period, source: source, decodeStoredResponses: false)
        if !notes.isEmpty {
            tables.append(
                DataCheck.table(notes, period: period, source: source, name: "data-notes", title: "Data notes"))
        }

        var tiles: [KPITile] = []
        for tile in packTiles {
            let current = try result(tile.report, period)
            let previous = try result(tile.report, period.previous)
            guard let columnIndex = current.columnIndex(tile.column) else {
                throw ReportError(
                    .invalidDefinition,
                    "tile \"\(tile.label)\": report \"\(tile.report)\" has no column \"\(tile.column)\"",
                    file: pack.file,
                    line: tile.line)
            }
            tiles.append(
                KPITile(
                    label: tile.label, format: tile.format ?? current.columns[columnIndex].format,
                    value: cell(current, tile, columnIndex), previous: cell(previous, tile, columnIndex),
                    direction: tile.direction))
        }
        var built = ReportPack(
            title: pack.title, period: period.description, generatedAt: generatedAt, tiles: tiles, tables: tables,
            source: source)
        built.highlights = PackHighlights.sentences(settings: pack.highlights) { report, previous in
            try? result(report, previous ? period.previous : period)
        }
        return built
    }

    /// Says why a pack is empty, so a blank page is not taken for a quiet month; nil when
    /// the month has tickets. An empty pack is still written (a scheduled job keeps its file).
    package static func emptyNote(store: TicketStore, month: ReportMonth) -> String? {
        emptyNote(store: store, period: .month(month))
    }

    /// ``emptyNote(store:month:)`` for any period, of one source (nil: all).
    package static func emptyNote(store: TicketStore, period: ReportPeriod, source: String? = nil) -> String? {
        let month = period.description + (source.map { " (source \($0))" } ?? "")
        let sql = """
            SELECT count(*) AS total, min(opened_at) AS first, max(opened_at) AS last,
                   count(CASE WHEN opened_at >= :month_start AND opened_at < :month_end THEN 1 END) AS in_month
            FROM tickets
            WHERE :source IS NULL OR source = :source
            """
        let counts = try? ReportRunner(store: store).runQuery(
            sql: sql, arguments: ReportArguments(period: period, source: source))
        guard let row = counts?.rows.first, row.count == 4, case .integer(let total) = row[0],
            case .integer(let inMonth) = row[3]
        else { return nil }
        if total == 0 {
            return "Note: the store holds no tickets yet, so the pack for \(month) is empty "
                + "(run `ticketreport ingest` first)."
        }
        guard inMonth == 0, case .text(let first) = row[1], case .text(let last) = row[2] else { return nil }
        return "Note: no tickets were opened in \(month), so the pack is empty "
            + "(the store's tickets were opened \(first.prefix(10)) to \(last.prefix(10)))."
    }

    /// Whether `condition` holds for `period` and `source` (nil: all sources); false when
    /// the store cannot say (a store without history, say).
    static func holds(
        _ condition: PackDefinition.Condition, store: TicketStore, period: ReportPeriod, source: String?
    ) -> Bool {
        switch condition {
        case .events:
            let sql = """
                SELECT EXISTS (SELECT 1 FROM ticket_events
                               WHERE observed_at >= :month_start AND observed_at < :month_end
                                 AND (:source IS NULL OR source = :source)) AS observed
                """
            let answer = try? ReportRunner(store: store).runQuery(
                sql: sql, arguments: ReportArguments(period: period, source: source))
            return answer?.rows.first?.first == .integer(1)
        case .sources:
            // A comparison needs several sources, and a pack about all of them.
            guard source == nil, let names = try? StoreSources.names(in: store) else { return false }
            return names.count > 1
        }
    }

    /// How many reports of a pack run at once, each on its own read-only connection.
    static let workers = 2

    struct PackJob: Sendable {
        var report: String
        var period: ReportPeriod
        var definition: Result<ReportDefinition, ReportError>
    }

    /// Runs the jobs in order on `store` alone, or spread over ``workers`` connections (the
    /// others opened read-only on the same file with the configuration's functions), and
    /// returns each job's outcome; after a failure no further job starts (nil outcomes).
    ///
    /// Each report reads in its own transaction either way, so running them side by side
    /// changes no figure; a second connection that cannot be opened just means one worker.
    static func run(_ jobs: [PackJob], source: String?, store: TicketStore, config: TicketReportConfig)
        -> [Result<ResultTable, ReportError>?]
    {
        var runners = [ReportRunner(store: store)]
        if jobs.count > 1 {
            for _ in 1..<workers {
                guard
                    let extra = try? TicketStore(
                        path: store.path, access: .readOnly, calendar: store.calendar,
                        nativeFunctions: ReportFunctions.native(config: config))
                else { break }
                runners.append(ReportRunner(store: extra))
            }
        }
        let state = PackRunState(count: jobs.count)
        let workerRunners = runners
        @Sendable func work(_ worker: Int) {
            let runner = workerRunners[worker]
            while let index = state.claim() {
                let job = jobs[index]
                do throws(ReportError) {
                    let definition = try job.definition.get()
                    let arguments = ReportArguments(period: job.period, source: source)
                    state.finish(index, .success(try runner.run(definition, arguments: arguments)))
                } catch {
                    state.finish(index, .failure(error))
                }
            }
        }
        // Threads of our own rather than concurrentPerform, which on a busy machine may run
        // the second worker only after the first has drained the queue.
        let done = DispatchGroup()
        for worker in workerRunners.indices.dropFirst() {
            done.enter()
            Thread {
                work(worker)
                done.leave()
            }.start()
        }
        work(0)
        done.wait()
        return state.outcomes
    }

    /// The tile's cell: in the row whose first column equals `row`, else the last row; NULL when absent.
    private static func cell(_ table: ResultTable, _ tile: PackDefinition.Tile, _ column: Int) -> CellValue {
        let row: [CellValue]?
        if let label = tile.row {
            row = table.rows.first { $0.first?.textValue == label }
        } else {
            row = table.rows.last
        }
        return row?[column] ?? .null
    }
}

/// Jobs handed out to the pack's workers, and what each came to.
private final class PackRunState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var failed = false
    private(set) var outcomes: [Result<ResultTable, ReportError>?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    /// The next job to run; nil when all are taken, or once a job has failed (a one-by-one
    /// build stops there; jobs already started still finish).
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < outcomes.count, !failed else { return nil }
        defer { next += 1 }
        return next
    }

    func finish(_ index: Int, _ outcome: Result<ResultTable, ReportError>) {
        lock.lock()
        defer { lock.unlock() }
        outcomes[index] = outcome
        if case .failure = outcome { failed = true }
    }
}
