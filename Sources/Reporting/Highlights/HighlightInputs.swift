import Config
import Foundation

/// One period's figures for ``HighlightRules``: the totals and each department's, read from
/// the pack's report results (see ``init(responseTimes:ratings:reopens:sla:)``).
package struct HighlightFigures: Sendable, Equatable {
    /// The figures of all departments together, or of one department.
    package struct Group: Sendable, Equatable {
        package var name: String
        /// Tickets opened in the period.
        package var tickets: Int
        /// Customer-opened tickets: the SLA's base.
        package var customerOpened: Int
        /// Answered customer-opened tickets: the first response's base.
        package var answered: Int
        package var unanswered: Int
        package var frtMedianHours: Double?
        package var frtP90Hours: Double?
        package var slaMetShare: Double?
        /// Rated replies: CSAT's base.
        package var rated: Int?
        package var csat: Double?
        /// Observed closes: the reopen rate's base; nil without status history.
        package var closed: Int?
        package var reopenRate: Double?

        package init(
            name: String, tickets: Int = 0, customerOpened: Int = 0, answered: Int = 0, unanswered: Int = 0,
            frtMedianHours: Double? = nil, frtP90Hours: Double? = nil, slaMetShare: Double? = nil, rated: Int? = nil,
            csat: Double? = nil, closed: Int? = nil, reopenRate: Double? = nil
        ) {
            self.name = name
            self.tickets = tickets
            self.customerOpened = customerOpened
            self.answered = answered
            self.unanswered = unanswered
            self.frtMedianHours = frtMedianHours
            self.frtP90Hours = frtP90Hours
            self.slaMetShare = slaMetShare
            self.rated = rated
            self.csat = csat
            self.closed = closed
            self.reopenRate = reopenRate
        }
    }

    /// SLA breaches of one department and priority.
    package struct Breaches: Sendable, Equatable {
        package var department: String
        package var priority: String
        package var breached: Int

        package init(department: String, priority: String, breached: Int) {
            self.department = department
            self.priority = priority
            self.breached = breached
        }
    }

    package var total: Group
    package var departments: [Group]
    /// Breaches by department and priority (only the current period's are read).
    package var breaches: [Breaches]

    package init(total: Group, departments: [Group] = [], breaches: [Breaches] = []) {
        self.total = total
        self.departments = departments
        self.breaches = breaches
    }

    /// The label of the total rows in the built-in reports.
    static let allDepartments = "All departments"

    /// Reads the figures from the built-in reports' results: `response-times` (tickets,
    /// first response, SLA met), `ratings` (CSAT), `reopens` (reopen rate) and `sla`
    /// (breaches by department and priority); any may be missing. The total is each
    /// report's last row ("All departments"); departments are matched by name.
    package init(responseTimes: ResultTable?, ratings: ResultTable?, reopens: ResultTable?, sla: ResultTable?) {
        var total = Group(name: Self.allDepartments)
        var departments: [Group] = []
        func update(_ name: String, isTotal: Bool, _ change: (inout Group) -> Void) {
            if isTotal { return change(&total) }
            guard !name.isEmpty else { return }
            if let index = departments.firstIndex(where: { $0.name == name }) {
                change(&departments[index])
            } else {
                var group = Group(name: name)
                change(&group)
                departments.append(group)
            }
        }
        for (table, read) in [
            (responseTimes, Self.readResponseTimes), (ratings, Self.readRatings), (reopens, Self.readReopens),
        ] {
            guard let table, !table.rows.isEmpty else { continue }
            let columns = Columns(table)
            for (index, row) in table.rows.enumerated() {
                update(row.first?.textValue ?? "", isTotal: index == table.rows.count - 1) { read(columns, row, &$0) }
            }
        }
        var breaches: [Breaches] = []
        if let sla {
            let columns = Columns(sla)
            for row in sla.rows {
                let department = columns.text(row, "department")
                guard department != Self.allDepartments, !department.isEmpty,
                    let breached = columns.integer(row, "breached")
                else { continue }
                breaches.append(
                    Breaches(department: department, priority: columns.text(row, "priority"), breached: breached))
            }
        }
        self.init(total: total, departments: departments, breaches: breaches)
    }

    private static func readResponseTimes(_ columns: Columns, _ row: [CellValue], _ group: inout Group) {
        group.tickets = columns.integer(row, "tickets") ?? 0
        group.customerOpened = group.tickets - (columns.integer(row, "admin_opened") ?? 0)
        group.answered = columns.integer(row, "answered") ?? 0
        group.unanswered = columns.integer(row, "unanswered") ?? 0
        group.frtMedianHours = columns.number(row, "frt_median_hours")
        group.frtP90Hours = columns.number(row, "frt_p90_hours")
        group.slaMetShare = columns.number(row, "sla_met_share")
    }

    private static func readRatings(_ columns: Columns, _ row: [CellValue], _ group: inout Group) {
        group.rated = columns.integer(row, "rated")
        group.csat = columns.number(row, "csat")
    }

    private static func readReopens(_ columns: Columns, _ row: [CellValue], _ group: inout Group) {
        group.closed = columns.integer(row, "closed")
        group.reopenRate = columns.number(row, "reopen_rate")
    }

    /// Cells by column name.
    private struct Columns {
        let indices: [String: Int]
        init(_ table: ResultTable) {
            indices = Dictionary(
                table.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        func cell(_ row: [CellValue], _ name: String) -> CellValue {
            guard let index = indices[name], index < row.count else { return .null }
            return row[index]
        }
        func number(_ row: [CellValue], _ name: String) -> Double? { cell(row, name).doubleValue }
        func integer(_ row: [CellValue], _ name: String) -> Int? { number(row, name).map { Int($0) } }
        func text(_ row: [CellValue], _ name: String) -> String { cell(row, name).textValue }
    }
}

/// How the highlights are chosen for one pack: `highlights:` in the pack file, e.g.
/// `highlights: { min_tickets: 10, max: 5 }` in `monthly.yaml`.
package struct HighlightSettings: Sendable, Equatable {
    /// Changes resting on fewer tickets than this are not highlighted.
    package var minTickets: Int
    /// At most this many sentences (1 to 5); 0 turns the highlights off (no sentences, no
    /// reports run for them).
    package var maxSentences: Int

    package init(minTickets: Int = 10, maxSentences: Int = 5) {
        self.minTickets = minTickets
        self.maxSentences = maxSentences
    }

    /// Reads `highlights:` of a pack file; nil gives the defaults.
    package init(_ value: YAMLValue?, path: String, in source: YAMLSource<ReportError>) throws(ReportError) {
        self.init()
        guard let value else { return }
        let entries = try value.entries(path, in: source)
        try entries.checkKeys(["min_tickets", "max"], path: path, in: source)
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(ReportError) -> Int? {
            guard let field = entries[key] else { return nil }
            let text = try field.text("\(path).\(key)", in: source)
            guard let number = Int(text), range.contains(number) else {
                throw source.error(
                    field.line, "\(path).\(key)",
                    "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \"\(text)\"")
            }
            return number
        }
        minTickets = try integer("min_tickets", 1...1_000_000) ?? minTickets
        maxSentences = try integer("max", 0...5) ?? maxSentences
    }
}

/// What the monthly pack needs for its highlights: which reports to run for the period and
/// the one before, and the sentences from their results.
package enum PackHighlights {
    /// The report results the rules read (`previous`: for the period before), of the reports
    /// `catalog` has; `reopens` only when the period has status history.
    package static func jobs(in catalog: ReportCatalog, history: Bool, settings: HighlightSettings)
        -> [(report: String, previous: Bool)]
    {
        guard settings.maxSentences > 0 else { return [] }
        let both = ["response-times", "ratings"] + (history ? ["reopens"] : [])
        let wanted = both.flatMap { [($0, false), ($0, true)] } + [("sla", false)]
        return wanted.filter { (try? catalog.definition(named: $0.0)) != nil }.map { (report: $0.0, previous: $0.1) }
    }

    /// The highlights from the reports' results; `result(report, previous)` gives a report's
    /// result for the period (`previous` false) or the one before, nil when it did not run.
    package static func sentences(
        settings: HighlightSettings, result: (_ report: String, _ previous: Bool) -> ResultTable?
    ) -> [String] {
        guard settings.maxSentences > 0 else { return [] }
        func figures(previous: Bool) -> HighlightFigures {
            HighlightFigures(
                responseTimes: result("response-times", previous), ratings: result("ratings", previous),
                reopens: result("reopens", previous), sla: previous ? nil : result("sla", false))
        }
        return HighlightRules.sentences(
            current: figures(previous: false), previous: figures(previous: true), settings: settings)
    }
}
