import Foundation
import GRDB
import HelpdeskAPI
import TicketStore

/// SQL functions that read the configuration, registered on the store through
/// `TicketStore(…, functions:)` (``TicketReportConfig/openStore(path:)`` does it):
///
/// - `is_closed(status)`: 1 when `status` is in `closed_statuses` (case-insensitive), else 0.
/// - `sla_target_seconds(priority)`: the first-response target of that priority, in seconds.
/// - `sla_is_business(priority)`: 1 when that target counts business hours, 0 for calendar time.
/// - `sla_breached(priority, opened_at, first_response_at, as_of)`: 1 when the first response
///   came after the target, or there is none and the target had passed by `as_of`; 0 when
///   the response came within the target; NULL while an unanswered ticket is still within it
///   (or `opened_at` is NULL). Elapsed time counts business hours or calendar time as the
///   priority's target says.
///
/// For example:
///
///     SELECT count(*) FROM ticket_metrics
///     WHERE opened_by_admin = 0 AND sla_breached(priority, opened_at, first_response_at, :as_of) = 1;
public enum ReportFunctions {
    public static func all(config: TicketReportConfig) -> [DatabaseFunction] {
        let calendar = config.calendar
        let sla = config.sla
        let closed = Set(config.closedStatuses.map { $0.lowercased() })
        return [
            DatabaseFunction("is_closed", argumentCount: 1, pure: true) { values in
                guard let status = String.fromDatabaseValue(values[0]) else { return nil }
                return closed.contains(status.trimmingCharacters(in: .whitespaces).lowercased()) ? 1 : 0
            },
            DatabaseFunction("sla_target_seconds", argumentCount: 1, pure: true) { values in
                guard let priority = String.fromDatabaseValue(values[0]) else { return sla.fallback.seconds }
                return sla.target(for: priority).seconds
            },
            DatabaseFunction("sla_is_business", argumentCount: 1, pure: true) { values in
                let priority = String.fromDatabaseValue(values[0]) ?? ""
                return sla.target(for: priority).business ? 1 : 0
            },
            DatabaseFunction("sla_breached", argumentCount: 4, pure: true) { values in
                breached(
                    priority: String.fromDatabaseValue(values[0]) ?? "",
                    openedAt: timestamp(values[1]), firstResponseAt: timestamp(values[2]), asOf: timestamp(values[3]),
                    sla: sla, calendar: calendar)
            },
        ]
    }

    /// The rule behind `sla_breached()`: true breached, false met, nil pending or unknown.
    public static func breached(
        priority: String, openedAt: LocalDateTime?, firstResponseAt: LocalDateTime?, asOf: LocalDateTime?,
        sla: SLAPolicy, calendar: BusinessCalendar
    ) -> Bool? {
        guard let openedAt else { return nil }
        let target = sla.target(for: priority)
        func elapsed(to end: LocalDateTime) -> Int64 {
            target.business
                ? calendar.businessSeconds(from: openedAt, to: end)
                : max(0, end.secondsSinceEpoch - openedAt.secondsSinceEpoch)
        }
        if let firstResponseAt { return elapsed(to: firstResponseAt) > target.seconds }
        guard let asOf, elapsed(to: asOf) > target.seconds else { return nil }
        return true
    }

    private static func timestamp(_ value: DatabaseValue) -> LocalDateTime? {
        String.fromDatabaseValue(value).flatMap { LocalDateTime(parsing: $0) }
    }
}
