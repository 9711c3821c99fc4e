import Foundation
import Reporting
import Testing

@testable import Exporters

@Suite("Terminal table")
struct TerminalTableTests {
    @Test func alignsFormatsAndCounts() {
        let table = ResultTable(
            name: "t", title: "T",
            columns: [
                ResultColumn(name: "department", label: "Department"),
                ResultColumn(name: "tickets", label: "Tickets", format: .integer),
                ResultColumn(name: "median_h", label: "Median (h)", format: .hours),
            ],
            rows: [[.text("Billing"), .integer(1204), .real(3.5)], [.text("Sales"), .integer(87), .real(12)]])
        let expected = """
            Department  Tickets  Median (h)
            ──────────  ───────  ──────────
            Billing       1,204         3.5
            Sales            87        12.0
            (2 rows)

            """
        #expect(TerminalTable.render(table: table) == expected)
    }

    @Test func stripsEscapesAndControlsAndCutsLongCells() {
        let table = ResultTable(
            name: "t", title: "T", columns: [ResultColumn(name: "s", label: "S"), ResultColumn(name: "n")],
            rows: [
                [.text("\u{1B}[31mred\u{1B}[0m\u{7}\u{1B}]0;title\u{7}ok\r\nnext\u{202E}"), .integer(1)],
                [.text(String(repeating: "x", count: 50)), .integer(22)],
                [.text("中文字"), .null],
            ])
        let output = TerminalTable.render(table: table, maxCellWidth: 10)
        #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2] == "redok  ne…   1")
        #expect(lines[3] == "xxxxxxxxx…  22")
        // Wide characters count twice, so the next column still lines up.
        #expect(lines[4] == "中文字")
        #expect(lines[5] == "(3 rows)")
    }

    @Test func limitsRows() {
        let table = ResultTable(
            name: "t", title: "T", columns: [ResultColumn(name: "n", format: .integer)],
            rows: (1...5).map { [.integer(Int64($0))] })
        #expect(TerminalTable.render(table: table, maxRows: 2).hasSuffix("(2 of 5 rows shown)\n"))
    }
}

@Suite("Redactor")
struct RedactorTests {
    @Test func stablePseudonymsAcrossTablesAndRuns() {
        let first = Redactor(key: Array("k".utf8))
        let second = Redactor(key: Array("k".utf8))
        #expect(first.pseudonym(for: "Jane Doe") == second.pseudonym(for: "  jane   DOE "))
        #expect(first.pseudonym(for: "Jane Doe").hasPrefix("Requester "))
        #expect(first.pseudonym(for: "Jane Doe") != first.pseudonym(for: "John Doe"))
        let email = first.pseudonym(for: "Jane@Example.com")
        #expect(email.hasPrefix("requester-") && email.hasSuffix("@example.invalid"))
        #expect(email == second.pseudonym(for: "jane@example.com"))
        // Another key, another mapping: pseudonyms cannot be confirmed without the key.
        #expect(Redactor(key: Array("other".utf8)).pseudonym(for: "Jane Doe") != first.pseudonym(for: "Jane Doe"))
        // Pinned: a change to the hash would silently re-label people between monthly reports.
        // (Computed independently with Python: hmac.new(key, b"jane doe", sha256), the first
        // 8 bytes big-endian, modulo 10^6.)
        let pinned = Redactor(key: Array("ticketreport-test-key".utf8))
        #expect(pinned.pseudonym(for: "Jane Doe") == "Requester 933130")
        #expect(pinned.pseudonym(for: "jane@example.com") == "requester-167523@example.invalid")
    }

    @Test func redactsOnlyMarkedColumns() {
        let table = ResultTable(
            name: "t", title: "T",
            columns: [ResultColumn(name: "requester"), ResultColumn(name: "email"), ResultColumn(name: "dept")],
            rows: [
                [.text("Jane Doe"), .text("jane@x.com"), .text("Billing")],
                [.text("Jane Doe"), .null, .text("Sales")],
                [.text(""), .integer(5), .text("Sales")],
            ])
        let redactor = Redactor(key: Array("k".utf8))
        let redacted = redactor.redact(table: table, columns: ["requester", "email"])
        #expect(redacted.rows[0][0] == redacted.rows[1][0])
        #expect(redacted.rows[0][0] == .text(redactor.pseudonym(for: "Jane Doe")))
        #expect(redacted.rows[0][1] == .text(redactor.pseudonym(for: "jane@x.com")))
        #expect(redacted.rows[0][2] == .text("Billing"))
        #expect(redacted.rows[1][1] == .null)
        #expect(redacted.rows[2][0] == .text(""))
        #expect(redacted.rows[2][1] == .integer(5))
    }

    @Test func collisionsStayDistinct() {
        // Four digits over 300 names: collisions are certain, and must not merge people.
        let redactor = Redactor(key: Array("k".utf8), digits: 4)
        let names = (0..<300).map { "Person \($0)" }
        let pseudonyms = names.map(redactor.pseudonym(for:))
        #expect(Set(pseudonyms).count == names.count)
        #expect(names.map(redactor.pseudonym(for:)) == pseudonyms)
    }
}

@Suite("Formatting helpers")
struct FormattingTests {
    @Test func excelSerialDates() {
        #expect(ExcelDate.serial(fromStoreText: "1970-01-01") == 25569)
        #expect(ExcelDate.serial(fromStoreText: "2026-10-01") == 46296)
        #expect(ExcelDate.serial(fromStoreText: "2026-10-01 12:00:00") == 46296.5)
        #expect(ExcelDate.serial(fromStoreText: "2026-10-01T06:00") == 46296.25)
        #expect(ExcelDate.serial(fromStoreText: "1900-01-01") == 1)
        #expect(ExcelDate.serial(fromStoreText: "1900-02-28") == 59)
        #expect(ExcelDate.serial(fromStoreText: "1900-03-01") == 61)
        #expect(ExcelDate.serial(fromStoreText: "2024-02-29") != nil)
        for bad in [
            "0000-00-00 00:00:00", "2023-02-29", "2026-13-01", "2026-10-01 24:00:00", "2026-1-01", "", "x",
            "2026-10-01 12:00:0", "1899-12-31",
        ] {
            #expect(ExcelDate.serial(fromStoreText: bad) == nil, "\(bad)")
        }
        let serial = ExcelDate.serial(fromStoreText: "2026-10-01 09:30:15.500")!
        #expect(abs(serial - (46296 + (9 * 3600 + 30 * 60 + 15.5) / 86400)) < 1e-9)
    }

    @Test func valueFormats() {
        #expect(ValueFormatter.format(.integer(1_234_567), as: .integer) == "1,234,567")
        #expect(ValueFormatter.format(.integer(-1234), as: .integer) == "-1,234")
        #expect(ValueFormatter.format(.real(-0.001), as: .number) == "0.00")
        #expect(ValueFormatter.format(.real(1234.567), as: .number) == "1,234.57")
        #expect(ValueFormatter.format(.real(0.25), as: .percent) == "25.0%")
        #expect(
            ValueFormatter.format(.real(3.25), as: .hours) == "3.2"
                || ValueFormatter.format(.real(3.25), as: .hours) == "3.3")
        #expect(ValueFormatter.format(.integer(3900), as: .duration) == "1h 05m")
        #expect(ValueFormatter.format(.integer(29), as: .duration) == "0h 00m")
        #expect(ValueFormatter.format(.integer(2 * 86400 + 3 * 3600), as: .duration) == "2d 03h")
        #expect(ValueFormatter.format(.integer(-3600), as: .duration) == "-1h 00m")
        #expect(ValueFormatter.format(.text("2026-10-01 10:00:00"), as: .date) == "2026-10-01")
        #expect(ValueFormatter.format(.text("abc"), as: .integer) == "abc")
        #expect(ValueFormatter.format(.null, as: .integer) == "")
        #expect(ValueFormatter.format(.real(.nan), as: .number) == "NaN")
        #expect(ValueFormatter.formatDelta(0, as: .integer) == "±0")
    }

    @Test func sheetNameCleaning() {
        #expect(SheetNamer.clean("  ''  ") == "Sheet")
        #expect(SheetNamer.clean("x\u{0}y\nz") == "xy z")
        var namer = SheetNamer()
        #expect(namer.claim("Sheet") == "Sheet")
        #expect(namer.claim("sheet") == "sheet (2)")
        #expect(namer.claim("SHEET") == "SHEET (3)")
        let thirty = String(repeating: "a", count: 30) + "'"
        #expect(SheetNamer.clean(thirty) == String(repeating: "a", count: 30))
    }

    @Test func displayWidths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("💬") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.truncate("中文字", to: 4) == "中…")
    }
}
