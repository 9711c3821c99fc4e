import Config
import Foundation
import Reporting
import Testing

/// `business_seconds` (TicketStore) under the configured calendar, and the functions the
/// configuration adds. Calendar: Mon–Fri 09:00–17:00, Monday 2026-10-12 a holiday.
@Suite struct SQLFunctionTests {
    let store: TemporaryStore
    let runner: ReportRunner

    init() throws {
        store = try TemporaryStore().write([])
        let config = try TicketReportConfig.parse(
            yaml: Dataset.configYAML.replacingOccurrences(
                of: "closed_statuses: [Closed]", with: "closed_statuses: [Closed, Resolved]"), file: "test.yaml")
        runner = try store.runner(config)
    }

    func value(_ sql: String) throws -> CellValue {
        try runner.runQuery(sql: "SELECT " + sql).rows[0][0]
    }

    @Test(arguments: [
        // Same day inside hours.
        ("'2026-10-05 10:00:00', '2026-10-05 11:30:00'", CellValue.integer(5400)),
        // Across a night: Mon 16:00 → Tue 10:00 = 1 h + 1 h.
        ("'2026-10-05 16:00:00', '2026-10-06 10:00:00'", .integer(7200)),
        // Starting and ending outside hours on the same day: only 09–17 counts.
        ("'2026-10-05 06:00:00', '2026-10-05 20:00:00'", .integer(28800)),
        // Across a weekend: Fri 16:00 → Mon 10:00 = 1 h + 1 h.
        ("'2026-10-02 16:00:00', '2026-10-05 10:00:00'", .integer(7200)),
        // Entirely in a weekend.
        ("'2026-10-03 09:00:00', '2026-10-04 18:00:00'", .integer(0)),
        // Across the holiday: Fri 9 Oct 16:00 → Tue 13 Oct 10:00 = 1 h + (holiday) + 1 h.
        ("'2026-10-09 16:00:00', '2026-10-13 10:00:00'", .integer(7200)),
        // Inside the holiday.
        ("'2026-10-12 10:00:00', '2026-10-12 15:00:00'", .integer(0)),
        // Same minute, and equal instants.
        ("'2026-10-05 10:00:00', '2026-10-05 10:00:59'", .integer(59)),
        ("'2026-10-05 10:00:00', '2026-10-05 10:00:00'", .integer(0)),
        // Reversed arguments give 0, not a negative figure.
        ("'2026-10-06 10:00:00', '2026-10-05 16:00:00'", .integer(0)),
        // A bare date is midnight.
        ("'2026-10-05', '2026-10-06'", .integer(28800)),
        // NULL in, NULL out.
        ("NULL, '2026-10-05 10:00:00'", .null),
        ("'2026-10-05 10:00:00', NULL", .null),
    ])
    func businessSeconds(_ arguments: String, _ expected: CellValue) throws {
        #expect(try value("business_seconds(\(arguments))") == expected)
    }

    @Test func isClosedUsesTheConfiguredSetCaseInsensitively() throws {
        #expect(try value("is_closed('Closed')") == .integer(1))
        #expect(try value("is_closed('resolved')") == .integer(1))
        #expect(try value("is_closed('Open')") == .integer(0))
        #expect(try value("is_closed('Answered')") == .integer(0))
        #expect(try value("is_closed(NULL)") == .null)
    }

    @Test func slaTargets() throws {
        #expect(try value("sla_target_seconds('High')") == .integer(14_400))
        #expect(try value("sla_target_seconds('low')") == .integer(172_800))  // case-insensitive
        #expect(try value("sla_target_seconds('Urgent')") == .integer(28_800))  // the default
        #expect(try value("sla_is_business('High')") == .integer(1))
        #expect(try value("sla_is_business('Low')") == .integer(0))
    }

    @Test func slaBreached() throws {
        // Answered: business hours for High (4 h): Mon 10:00 → 14:00 is exactly 4 h, met.
        #expect(try value("sla_breached('High', '2026-10-05 10:00:00', '2026-10-05 14:00:00', NULL)") == .integer(0))
        #expect(try value("sla_breached('High', '2026-10-05 10:00:00', '2026-10-05 14:00:01', NULL)") == .integer(1))
        // Fri 16:00 → Mon 11:00 is 3 business hours: met although 67 calendar hours passed.
        #expect(try value("sla_breached('High', '2026-10-02 16:00:00', '2026-10-05 11:00:00', NULL)") == .integer(0))
        // Low counts calendar time (48 h).
        #expect(try value("sla_breached('Low', '2026-10-02 16:00:00', '2026-10-05 11:00:00', NULL)") == .integer(1))
        // Clock skew: a response before the ticket's date is on time.
        #expect(try value("sla_breached('High', '2026-10-05 10:00:00', '2026-10-05 09:00:00', NULL)") == .integer(0))
        // Unanswered: breached once the target passed by as_of, pending (NULL) before, unknown without as_of.
        #expect(try value("sla_breached('High', '2026-10-05 10:00:00', NULL, '2026-10-06 10:00:00')") == .integer(1))
        #expect(try value("sla_breached('High', '2026-10-05 10:00:00', NULL, '2026-10-05 12:00:00')") == .null)
        #expect(try value("sla_breached('High', '2026-10-05 10:00:00', NULL, NULL)") == .null)
        #expect(try value("sla_breached('High', NULL, '2026-10-05 12:00:00', NULL)") == .null)
    }

    @Test func percentileIsExcelsPercentileInc() throws {
        // PERCENTILE.INC({1,2,3,4}, 0.9) = 3.7 and MEDIAN = 2.5, as a spreadsheet gives.
        let values = "(SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)"
        #expect(Expected.number(3.7).matches(try value("percentile(x, 0.9) FROM \(values)")))
        #expect(try value("median(x) FROM \(values)") == .real(2.5))
    }
}
