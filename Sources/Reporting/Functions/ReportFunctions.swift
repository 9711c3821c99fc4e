import Config
import Foundation
import GRDB
import HelpdeskAPI
import TicketStore

/// SQL functions that read the configuration, installed on the store's connections by
/// ``TicketReportConfig/openStore(path:)``:
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
package enum ReportFunctions {
    /// The four functions, installed natively (``NativeSQLFunction``) since reports call
    /// them once per ticket: what ``TicketReportConfig/openStore(path:)`` installs.
    package static func native(config: TicketReportConfig) -> [NativeSQLFunction] {
        let calendar = config.calendar
        let sla = config.sla
        let closed = Set(config.closedStatuses.map { $0.lowercased() })
        let closedBytes = closed.map { Array($0.utf8) }
        // Priorities written in ASCII, by their bytes: a byte-equal priority is that key, so
        // the common case needs no String and no hashing (others go through target(for:)).
        let asciiTargets = sla.targets.filter { $0.key.utf8.allSatisfy { $0 < 0x80 } }.map {
            (Array($0.key.utf8), $0.value)
        }
        @Sendable func target(_ arguments: NativeSQLArguments, _ index: Int) -> SLAPolicy.Target {
            if let bytes = arguments.bytes(index),
                let match = asciiTargets.first(where: { $0.0.count == bytes.count && $0.0.elementsEqual(bytes) })
            {
                return match.1
            }
            return sla.target(for: arguments.string(index) ?? "")
        }
        return [
            NativeSQLFunction("is_closed", argumentCount: 1) { arguments in
                guard let bytes = arguments.bytes(0) else { return .null }
                if let verdict = asciiIsClosed(bytes, closed: closedBytes) { return .bool(verdict) }
                guard let status = arguments.string(0) else { return .null }
                return .bool(closed.contains(status.trimmingCharacters(in: .whitespaces).lowercased()))
            },
            NativeSQLFunction("sla_target_seconds", argumentCount: 1) { arguments in
                guard let priority = arguments.string(0) else { return .integer(sla.fallback.seconds) }
                return .integer(sla.target(for: priority).seconds)
            },
            NativeSQLFunction("sla_is_business", argumentCount: 1) { arguments in
                .bool(sla.target(for: arguments.string(0) ?? "").business)
            },
            NativeSQLFunction("sla_breached", argumentCount: 4) { arguments in
                .bool(
                    breached(
                        target: target(arguments, 0), openedAt: arguments.localDateTime(1),
                        firstResponseAt: arguments.localDateTime(2), asOf: arguments.localDateTime(3),
                        calendar: calendar))
            },
        ]
    }

    /// `is_closed` without Foundation for ASCII text: trims spaces and tabs (the ASCII part of
    /// `.whitespaces`), compares case-insensitively with the lowercased closed set. Nil when the
    /// text is not ASCII (the caller takes the Unicode path).
    static func asciiIsClosed(_ bytes: UnsafeBufferPointer<UInt8>, closed: [[UInt8]]) -> Bool? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        for index in start..<end where bytes[index] >= 0x80 { return nil }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        return closed.contains { candidate in
            candidate.count == end - start && candidate.indices.allSatisfy { lower(bytes[start + $0]) == candidate[$0] }
        }
    }

    /// The rule behind `sla_breached()`: true breached, false met, nil pending or unknown.
    package static func breached(
        priority: String, openedAt: LocalDateTime?, firstResponseAt: LocalDateTime?, asOf: LocalDateTime?,
        sla: SLAPolicy, calendar: BusinessCalendar
    ) -> Bool? {
        breached(
            target: sla.target(for: priority), openedAt: openedAt, firstResponseAt: firstResponseAt, asOf: asOf,
            calendar: calendar)
    }

    static func breached(
        target: SLAPolicy.Target, openedAt: LocalDateTime?, firstResponseAt: LocalDateTime?, asOf: LocalDateTime?,
        calendar: BusinessCalendar
    ) -> Bool? {
        guard let openedAt else { return nil }
        func elapsed(to end: LocalDateTime) -> Int64 {
            target.business
                ? calendar.businessSeconds(from: openedAt, to: end)
                : max(0, end.secondsSinceEpoch - openedAt.secondsSinceEpoch)
        }
        if let firstResponseAt { return elapsed(to: firstResponseAt) > target.seconds }
        guard let asOf, elapsed(to: asOf) > target.seconds else { return nil }
        return true
    }
}
