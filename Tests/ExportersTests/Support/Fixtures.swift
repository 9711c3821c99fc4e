import Foundation
import Reporting

/// A fresh folder per test, removed when the test's reference goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("exporters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Every entry, hidden ones included: temporary files start with ".".
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

enum Fixtures {
    static let generatedAt = Date(timeIntervalSince1970: 1_793_520_000)  // 2026-11-01 08:00:00 UTC
    static let utc = TimeZone(identifier: "UTC")!

    static let hostile = "<script>alert(1)</script>"

    /// One column per format, with values that exercise each.
    static func allFormats() -> ResultTable {
        ResultTable(
            name: "formats", title: "All formats",
            description: "Every column format",
            parameters: [("month", "2026-10")],
            columns: [
                ResultColumn(name: "name", label: "Name", format: .text),
                ResultColumn(name: "tickets", label: "Tickets", format: .integer),
                ResultColumn(name: "avg", label: "Average", format: .number),
                ResultColumn(name: "csat", label: "CSAT", format: .percent),
                ResultColumn(name: "median_h", label: "Median (h)", format: .hours),
                ResultColumn(name: "frt", label: "FRT", format: .duration),
                ResultColumn(name: "day", label: "Day", format: .date),
                ResultColumn(name: "opened", label: "Opened", format: .datetime),
            ],
            rows: [
                [
                    .text("Billing"), .integer(1234), .real(3.14159), .real(0.875), .real(3.5), .integer(5400),
                    .text("2026-10-01"), .text("2026-10-01 09:30:15"),
                ],
                [
                    .text("=HYPERLINK(\"http://x\",\"y\")"), .integer(-7), .real(-0.5), .real(0.25), .real(12),
                    .real(90061), .text("0000-00-00"), .text("not a date"),
                ],
                [.null, .null, .null, .null, .null, .null, .null, .null],
            ])
    }

    static func chartTable(_ kind: ChartSpec.Kind, title: String = "Load by department") -> ResultTable {
        ResultTable(
            name: "load", title: title,
            columns: [
                ResultColumn(name: "department", label: "Department"),
                ResultColumn(name: "opened", label: "Opened", format: .integer),
                ResultColumn(name: "closed", label: "Closed", format: .integer),
                ResultColumn(name: "note", label: "Note"),
            ],
            rows: [
                [.text("Billing"), .integer(120), .integer(100), .text("a")],
                [.text("Sales"), .integer(80), .integer(95), .text("b")],
                [.text("Support"), .integer(300), .null, .text("c")],
            ],
            chart: ChartSpec(kind: kind, x: "department", y: ["opened", "closed"]))
    }

    static func pack(tables: [ResultTable]) -> ReportPack {
        ReportPack(
            title: "Support report", period: "2026-10", generatedAt: generatedAt,
            tiles: [
                KPITile(
                    label: "Tickets opened", format: .integer, value: .integer(1250), previous: .integer(1000),
                    direction: .neutral),
                KPITile(
                    label: "Median FRT", format: .duration, value: .integer(5400), previous: .integer(7200),
                    direction: .lowerIsBetter),
                KPITile(
                    label: "CSAT", format: .percent, value: .real(0.82), previous: .real(0.85),
                    direction: .higherIsBetter),
                KPITile(
                    label: "Unanswered", format: .integer, value: .integer(4), previous: .null,
                    direction: .lowerIsBetter),
            ],
            tables: tables)
    }
}
