import Config
import Foundation
import GRDB
import TicketStore

/// One thing about a store's data that a reader of its figures should know.
package struct DataFinding: Sendable, Equatable {
    /// What was found, with its particulars (which statuses, which departments).
    package var finding: String
    /// Tickets concerned.
    package var tickets: Int
    /// Up to ``DataCheck/exampleLimit`` of their ids, lowest first.
    package var examples: [Int]
    /// What it does to the figures, and what to do about it.
    package var advice: String

    package init(finding: String, tickets: Int, examples: [Int], advice: String) {
        self.finding = finding
        self.tickets = tickets
        self.examples = examples
        self.advice = advice
    }
}

/// The data-quality checks behind `ticketreport check` and the pack's "Data notes": what
/// real helpdesks send that bends a figure (replies without ids, clock skew, undated
/// replies, unknown statuses, departments renamed or sharing a name, merged tickets), and
/// what the store itself knows it should redo (older derivations, another calendar,
/// stored responses that no longer decode).
///
///     let findings = try DataCheck.findings(store: store, config: config, month: nil)
///     let table = DataCheck.table(findings, title: "Data quality")
package enum DataCheck {
    package static let exampleLimit = 10

    /// The findings for the tickets opened in `month`, or for the whole store when nil;
    /// only those with at least one ticket. Decoding every stored response again is the
    /// slow part: `decodeStoredResponses` false leaves it out.
    package static func findings(
        store: TicketStore, config: TicketReportConfig, month: ReportMonth? = nil, decodeStoredResponses: Bool = true
    ) throws(ReportError) -> [DataFinding] {
        try findings(
            store: store, config: config, period: month.map(ReportPeriod.month),
            decodeStoredResponses: decodeStoredResponses)
    }

    /// The findings for the tickets opened in `period` (any length: a quarter's pack has its
    /// notes too) and of `source` (nil: every source), or for the whole store.
    package static func findings(
        store: TicketStore, config: TicketReportConfig, period: ReportPeriod?, source: String? = nil,
        decodeStoredResponses: Bool = true
    ) throws(ReportError) -> [DataFinding] {
        let bounds: [String: (any DatabaseValueConvertible)?] = [
            "from": period.map(\.startText), "to": period.map(\.endText), "source": source,
        ]
        // The tickets (alias x) opened in the period, or all of them, of the source or all.
        let inPeriod = """
            (:from IS NULL OR x.opened_at >= :from) AND (:to IS NULL OR x.opened_at < :to)
                AND (:source IS NULL OR x.source = :source)
            """
        var findings: [DataFinding] = []
        func add(_ finding: String, _ found: (Int, [Int]), _ advice: String) {
            guard found.0 > 0 else { return }
            findings.append(DataFinding(finding: finding, tickets: found.0, examples: found.1, advice: advice))
        }
        do {
            let recordedCalendar = try store.metricsCalendarFingerprint()
            try store.read { db in
                func tickets(_ condition: String, table: String = "ticket_metrics") throws -> (Int, [Int]) {
                    let filter = "(\(condition)) AND \(inPeriod)"
                    let arguments = StatementArguments(bounds)
                    let count =
                        try Int.fetchOne(
                            db, sql: "SELECT count(*) FROM \(table) AS x WHERE \(filter)", arguments: arguments) ?? 0
                    let examples = try Int.fetchAll(
                        db,
                        sql:
                            "SELECT DISTINCT x.ticket_id FROM \(table) AS x WHERE \(filter) ORDER BY x.ticket_id LIMIT \(exampleLimit)",
                        arguments: arguments)
                    return (count, examples)
                }

                add(
                    "Replies sent without reply ids (WHMCS before 7)", try tickets("x.reply_ids_assigned = 1"),
                    "Numbered by date; the opening message is the entry dated the ticket's date and written by its requester. Nothing to do."
                )
                add(
                    "Replies dated before the ticket was opened (clock skew)", try tickets("x.skewed_replies > 0"),
                    "A first response before the opening counts as 0 seconds; check the helpdesk server's clock.")
                add(
                    "Replies without a usable date (0000-00-00)", try tickets("x.undated_replies > 0"),
                    "An undated admin reply still answers the ticket, but its time is unknown: left out of FRT and SLA figures."
                )

                let known = Set((config.closedStatuses + config.openStatuses).map { $0.lowercased() })
                let statuses = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT status, count(*) AS n FROM tickets AS x WHERE \(inPeriod)
                        GROUP BY status ORDER BY n DESC, status
                        """, arguments: StatementArguments(bounds)
                ).filter { !known.contains(($0["status"] as String).lowercased()) }
                if !statuses.isEmpty {
                    let names = statuses.map { $0["status"] as String }
                    let quoted = names.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(
                        separator: ", ")
                    add(
                        "Statuses neither closed nor open in the configuration: "
                            + statuses.map { "\"\($0["status"] as String)\" (\($0["n"] as Int))" }.joined(
                                separator: ", "),
                        try tickets("x.status IN (\(quoted))", table: "tickets"),
                        "They count as open. Add each to closed_statuses or open_statuses in ticketreport.yaml.")
                }

                // Every (department id, name) pair the store has seen, in name and id order;
                // grouped here rather than with group_concat, since a name may hold a comma.
                let pairs = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT t.source, t.dept_id, t.dept_name, d.dept_name AS newest
                        FROM tickets AS t LEFT JOIN departments AS d ON d.source = t.source AND d.dept_id = t.dept_id
                        WHERE :source IS NULL OR t.source = :source
                        GROUP BY t.source, t.dept_id, t.dept_name ORDER BY t.dept_name, t.dept_id
                        """, arguments: ["source": source]
                ).map {
                    (
                        source: $0["source"] as String, id: $0["dept_id"] as Int, name: $0["dept_name"] as String,
                        newest: $0["newest"] as String?
                    )
                }
                let byName = Dictionary(grouping: pairs) { "\($0.source)\u{0}\($0.name)" }.values
                    .filter { $0.count > 1 }.sorted { $0[0].name < $1[0].name }
                if !byName.isEmpty {
                    let ids = byName.flatMap { $0.map(\.id) }
                    add(
                        "Department names used by several department ids: "
                            + byName.map { group in
                                "\"\(group[0].name)\" (ids \(group.map { String($0.id) }.joined(separator: ", ")))"
                            }.joined(separator: ", "),
                        try tickets("x.dept_id IN (\(ids.map(String.init).joined(separator: ", ")))", table: "tickets"),
                        "Reports keep them apart, one row each under the same name; renaming one in the helpdesk tells them apart."
                    )
                }
                let byID = Dictionary(grouping: pairs) { "\($0.source)\u{0}\($0.id)" }.values
                    .filter { $0.count > 1 }.sorted { $0[0].id < $1[0].id }
                if !byID.isEmpty {
                    add(
                        "Departments seen under several names: "
                            + byID.map { group in
                                "id \(group[0].id) as " + group.map { "\"\($0.name)\"" }.joined(separator: ", ")
                            }.joined(separator: "; "),
                        try tickets(
                            "x.dept_id IN (\(byID.map { String($0[0].id) }.joined(separator: ", ")))", table: "tickets"),
                        "Renamed in the helpdesk: reports show one row per department under its newest name ("
                            + byID.map { "\"\($0[0].newest ?? $0[0].name)\"" }.joined(separator: ", ") + ").")
                }
                add(
                    "Closed tickets with an empty opening message (merged into another ticket)",
                    try tickets(
                        """
                        is_closed(x.status) AND EXISTS (SELECT 1 FROM replies AS r WHERE r.source = x.source
                            AND r.ticket_id = x.ticket_id AND r.is_opening = 1 AND trim(r.message) = '')
                        """, table: "tickets"),
                    "WHMCS moved their messages to the ticket they were merged into, where they are counted; these still count as opened and closed."
                )
                add(
                    "Tickets derived by an older ticketreport",
                    try tickets("x.derivation < \(TicketStore.currentDerivation)"),
                    "Their rows predate fixes in reading WHMCS responses: run `ticketreport rebuild`.")
                // Stores written before the calendar was recorded used the default one.
                if (recordedCalendar ?? BusinessCalendar.standard.fingerprint) != store.calendar.fingerprint {
                    add(
                        recordedCalendar == "mixed"
                            ? "Stored business-hours FRTs were computed with different calendars"
                            : "Stored business-hours FRTs were computed with other business hours or holidays than the configuration's",
                        (try tickets("1").0, []),
                        "Reports compute business hours afresh, but the stored frt_business_seconds (export tickets) differ: run `ticketreport rebuild --metrics`."
                    )
                }
            }
            if decodeStoredResponses {
                let undecodable = try store.undecodableResponses()
                add(
                    "Stored responses that no longer decode: "
                        + undecodable.prefix(3).map { "\($0.ticketID) (\($0.reason))" }.joined(separator: "; "),
                    (undecodable.count, Array(undecodable.map(\.ticketID).sorted().prefix(exampleLimit))),
                    "rebuild leaves these tickets as they were; fetch them again with ingest --ids FILE --refresh.")
            }
        } catch {
            throw ReportError(.store, error.description)
        }
        return findings
    }

    /// The findings as a result table, for any output format.
    package static func table(
        _ findings: [DataFinding], month: ReportMonth?, name: String = "check", title: String = "Data quality"
    ) -> ResultTable {
        table(findings, period: month.map(ReportPeriod.month), name: name, title: title)
    }

    /// The findings as a result table, its parameters naming the period and the source they
    /// are about, as the reports beside it do.
    package static func table(
        _ findings: [DataFinding], period: ReportPeriod? = nil, source: String? = nil, name: String = "check",
        title: String = "Data quality"
    ) -> ResultTable {
        ResultTable(
            name: name, title: title,
            description:
                "What the helpdesk's data does to the figures: each finding, the tickets it concerns (up to \(exampleLimit) ids as examples) and what to do.",
            parameters: (period.map { [("month", $0.description)] } ?? []) + (source.map { [("source", $0)] } ?? []),
            columns: [
                ResultColumn(name: "finding", label: "Finding", format: .text),
                ResultColumn(name: "tickets", label: "Tickets", format: .integer),
                ResultColumn(name: "examples", label: "Example ticket ids", format: .text),
                ResultColumn(name: "advice", label: "What it means", format: .text),
            ],
            rows: findings.map { finding in
                [
                    .text(finding.finding), .integer(Int64(finding.tickets)),
                    .text(finding.examples.map(String.init).joined(separator: ", ")), .text(finding.advice),
                ]
            })
    }
}

extension DataCheck {
    /// The findings as sentences for a terminal, where they are too long for columns:
    ///
    ///     3 finding(s) in the store:
    ///     - Replies dated before the ticket was opened (clock skew): 1 ticket(s) (e.g. 4002)
    ///       A first response before the opening counts as 0 seconds; check the helpdesk server's clock.
    package static func lines(_ findings: [DataFinding], month: ReportMonth?) -> [String] {
        let scope = month.map { "tickets opened in \($0)" } ?? "the store"
        guard !findings.isEmpty else { return ["No findings: nothing in \(scope) bends a figure."] }
        var lines = ["\(findings.count) finding(s) in \(scope):"]
        for finding in findings {
            let examples = finding.examples.map(String.init).joined(separator: ", ")
            lines.append(
                "- \(finding.finding): \(finding.tickets) ticket(s)\(examples.isEmpty ? "" : " (e.g. \(examples))")")
            lines.append("  \(finding.advice)")
        }
        return lines
    }
}
