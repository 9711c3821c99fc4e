import Foundation
import TestSupport
import Testing

/// `export`, `query`, `report run` and `workbook` in every format, each file read back by an
/// independent reader (openpyxl, Python's csv/json/html.parser) and compared with values
/// worked out by hand from the crafted tickets: types, dates as real dates, number formats,
/// and formula-looking text that stays text (CSV: guarded with `'`).
@Suite("Spreadsheet exports (real files)")
struct ExportCommandTests {
    /// One command and what its result must hold.
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var arguments: [String]
        var sheet: String
        var names: [String]
        var labels: [String]
        var kinds: [ColumnKind]
        var rows: [[Expected]]
    }

    static let hyperlink = ExportFixture.hyperlink
    static let command = ExportFixture.command
    static let sum = ExportFixture.sum
    static let arithmetic = ExportFixture.arithmetic

    static let ticketsQuery = """
        SELECT t.ticket_id, t.subject, t.name, t.opened_at, m.frt_seconds / 3600.0 AS frt_hours
        FROM tickets AS t JOIN ticket_metrics AS m USING (source, ticket_id)
        WHERE t.dept_name = :dept ORDER BY t.opened_at
        """

    static let crafted: [[Expected]] = [
        [.int(9001), .text(hyperlink), .text(command), .datetime("2026-10-05 10:00:00"), .real(6)],
        [.int(9002), .text(sum), .text(arithmetic), .datetime("2026-10-06 09:00:00"), .real(0.5)],
        [.int(9003), .text(arithmetic), .text(hyperlink), .datetime("2026-10-07 12:00:00"), .null],
        [.int(9004), .text(command), .text(sum), .datetime("2026-10-08 08:00:00"), .real(4)],
    ]

    static let cases: [Case] = [
        Case(
            description: "export tickets",
            arguments: [
                "export", "tickets", "--department", "crafted", "--columns",
                "ticket_id,subject,name,opened_at,frt_hours,frt_business_hours,admin_replies,avg_rating",
            ],
            sheet: "Tickets",
            names: [
                "ticket_id", "subject", "name", "opened_at", "frt_hours", "frt_business_hours", "admin_replies",
                "avg_rating",
            ],
            labels: [
                "Ticket ID", "Subject", "Requester", "Opened", "FRT (h)", "FRT business (h)", "Admin replies",
                "Avg rating",
            ],
            kinds: [.id, .text, .text, .datetime, .hours, .hours, .integer, .number],
            rows: [
                crafted[0] + [.real(6), .int(1), .real(5)], crafted[1] + [.real(0.5), .int(1), .real(4)],
                crafted[2] + [.null, .int(0), .null], crafted[3] + [.real(3), .int(1), .null],
            ]),
        Case(
            description: "export replies",
            arguments: [
                "export", "replies", "--department", "Crafted", "--month", "2026-10", "--columns",
                "ticket_id,created_at,admin,rating,message",
            ],
            sheet: "Replies", names: ["ticket_id", "created_at", "admin", "rating", "message"],
            labels: ["Ticket ID", "Date", "Admin", "Rating", "Message"],
            kinds: [.id, .datetime, .text, .integer, .text],
            rows: [
                [.int(9001), .datetime("2026-10-05 10:00:00"), .null, .null, .text(arithmetic)],
                [.int(9001), .datetime("2026-10-05 16:00:00"), .text(sum), .int(5), .text(hyperlink)],
                [.int(9002), .datetime("2026-10-06 09:00:00"), .null, .null, .text("hello")],
                [.int(9002), .datetime("2026-10-06 09:30:00"), .text("Alice"), .int(4), .text("ok")],
                [.int(9003), .datetime("2026-10-07 12:00:00"), .null, .null, .text(sum)],
                [.int(9004), .datetime("2026-10-08 08:00:00"), .null, .null, .text("x")],
                [.int(9004), .datetime("2026-10-08 12:00:00"), .text("Alice"), .null, .text("=1+1")],
            ]),
        Case(
            description: "export notes",
            arguments: [
                "export", "notes", "--department", "Crafted", "--columns", "ticket_id,created_at,admin,message",
            ],
            sheet: "Notes", names: ["ticket_id", "created_at", "admin", "message"],
            labels: ["Ticket ID", "Date", "Admin", "Note"], kinds: [.id, .datetime, .text, .text],
            rows: [[.int(9002), .datetime("2026-10-06 09:10:00"), .text("Alice"), .text(command)]]),
        Case(
            description: "export metrics",
            arguments: [
                "export", "metrics", "--department", "Crafted", "--columns",
                "ticket_id,first_responder,frt_hours,frt_business_hours,admin_replies",
            ],
            sheet: "Ticket metrics",
            names: ["ticket_id", "first_responder", "frt_hours", "frt_business_hours", "admin_replies"],
            labels: ["Ticket ID", "First responder", "FRT (h)", "FRT business (h)", "Admin replies"],
            kinds: [.id, .text, .hours, .hours, .integer],
            rows: [
                [.int(9001), .text(sum), .real(6), .real(6), .int(1)],
                [.int(9002), .text("Alice"), .real(0.5), .real(0.5), .int(1)],
                [.int(9003), .null, .null, .null, .int(0)],
                [.int(9004), .text("Alice"), .real(4), .real(3), .int(1)],
            ]),
        // Ad-hoc SQL: formats inferred (ids are text, store timestamps dates, other reals numbers).
        Case(
            description: "query", arguments: ["query", ticketsQuery, "--param", "dept=Crafted"], sheet: "Query",
            names: ["ticket_id", "subject", "name", "opened_at", "frt_hours"],
            labels: ["ticket_id", "subject", "name", "opened_at", "frt_hours"],
            kinds: [.id, .text, .text, .datetime, .number], rows: crafted),
        // A report file: formats and labels from its header.
        Case(
            description: "report run", arguments: ["report", "run", "crafted"], sheet: "Crafted tickets",
            names: ["ticket_id", "subject", "name", "opened_at", "frt_hours"],
            labels: ["Ticket", "Subject", "Requester", "Opened", "FRT (h)"],
            kinds: [.id, .text, .text, .datetime, .hours],
            rows: crafted),
    ]

    static let reportFile = """
        /*
        title: Crafted tickets
        params:
          dept: { type: string, default: Crafted }
        columns:
          ticket_id: { label: Ticket, format: text }
          subject: { label: Subject }
          name: { label: Requester }
          opened_at: { label: Opened, format: datetime }
          frt_hours: { label: FRT (h), format: hours }
        */
        \(ticketsQuery);
        """

    /// A working folder holding `reports/crafted.sql`, so `report run crafted` finds it.
    static func workspace() throws -> URL {
        let dir = try TestPaths.scratchDirectory("exports")
        let reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data(reportFile.utf8).write(to: reports.appendingPathComponent("crafted.sql"))
        return dir
    }

    static let formats = ["xlsx", "csv", "json", "html", "table"]

    @Test(arguments: cases, formats)
    func everyFormatReadsBackExactly(_ spec: Case, format: String) async throws {
        let db = try ExportFixture.path()
        let dir = try Self.workspace()
        let file = dir.appendingPathComponent("out.\(format == "table" ? "txt" : format)")
        // xlsx/csv/json/html: the format comes from -o's extension; table from --format.
        var arguments = spec.arguments + ["--db", db]
        arguments += format == "table" ? ["--format", "table"] : ["-o", file.path]
        let result = try await CommandLineRunner.runAsync(arguments, directory: dir)
        try #require(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")

        switch format {
        case "xlsx":
            #expect(result.stdout == "Wrote \(file.path): \(spec.rows.count) row\(spec.rows.count == 1 ? "" : "s")\n")
            let read = try ExportReader.read("xlsx", file)
            #expect(read.formulas == 0, "a cell was written as a formula")
            let sheet = try #require(read.sheets?.first)
            #expect(read.sheets?.count == 1)
            Self.check(sheet, spec)
        case "csv":
            let read = try ExportReader.read("csv", file)
            #expect(read.header == spec.names)
            #expect(read.rows?.count == spec.rows.count)
            for (row, expected) in zip(read.rows ?? [], spec.rows) {
                #expect(row.map { $0?.s } == expected.map(Self.csvText), "\(spec)")
            }
        case "json":
            let read = try ExportReader.read("json", file)
            #expect(read.header == spec.names)
            #expect(read.labels == spec.labels)
            #expect(read.columnFormats?.contains("datetime") == spec.kinds.contains(.datetime))
            #expect(read.rows?.count == spec.rows.count)
            for (row, expected) in zip(read.rows ?? [], spec.rows) {
                #expect(row == expected.map(Self.jsonCell), "\(spec)")
            }
        case "html":
            let read = try ExportReader.read("html", file)
            #expect(read.header == spec.labels)
            #expect(read.rows?.count == spec.rows.count)
            for (row, expected) in zip(read.rows ?? [], spec.rows) {
                let shown = zip(expected, spec.kinds).map { value, kind in kind.display(value) }
                #expect(row.map { $0?.s } == shown, "\(spec)")
            }
            #expect(read.note?.contains("\(spec.rows.count) row") == true)
        default:
            #expect(!FileManager.default.fileExists(atPath: file.path))
            for label in spec.labels { #expect(result.stdout.contains(label), "\(label) missing:\n\(result.stdout)") }
            for case .text(let text) in spec.rows.joined() { #expect(result.stdout.contains(text)) }
            #expect(result.stdout.hasSuffix("(\(spec.rows.count) row\(spec.rows.count == 1 ? "" : "s"))\n"))
        }
    }

    @Test func aWorkbookHoldsEverySheetExactly() async throws {
        let db = try ExportFixture.path()
        let dir = try Self.workspace()
        let file = dir.appendingPathComponent("pack.xlsx")
        let sql = dir.appendingPathComponent("crafted-query.sql")
        try Data(Self.ticketsQuery.utf8).write(to: sql)
        let exports = Self.cases[0]
        let result = try await CommandLineRunner.runAsync(
            [
                "workbook", "-o", file.path, "--db", db, "--month", "2026-10", "--param", "dept=Crafted",
                "--department", "Crafted",
                "--sheet", "Export=export:tickets:" + exports.names.joined(separator: ","),
                "--sheet", "Query=\(sql.path)", "--sheet", "report:crafted", "--sheet", "export:replies",
            ],
            directory: dir)
        try #require(result.status == 0, "\(result)")
        #expect(
            result.stdout
                == "Wrote \(file.path): 19 rows on 4 sheets (\"Export\" 4 rows, \"Query\" 4 rows, \"Crafted tickets\" 4 rows, \"Replies\" 7 rows)\n"
        )
        let read = try ExportReader.read("xlsx", file)
        #expect(read.formulas == 0)
        let sheets = read.sheets ?? []
        #expect(sheets.map(\.name) == ["Export", "Query", "Crafted tickets", "Replies"])
        guard sheets.count == 4 else { return }
        Self.check(sheets[0], exports, name: "Export")
        Self.check(sheets[1], Self.cases[4], name: "Query")
        Self.check(sheets[2], Self.cases[5])
        // The month and department reach the export sheet; the query ignores the month.
        #expect(sheets[3].rows.count == 7)
    }

    @Test func redactionCoversEveryExport() async throws {
        let db = try ExportFixture.path()
        let dir = try Self.workspace()
        var seen: [String: [String]] = [:]
        for (label, arguments) in [
            (
                "tickets",
                ["export", "tickets", "--department", "Crafted", "--columns", "ticket_id,name,email,first_responder"]
            ),
            ("replies", ["export", "replies", "--department", "Crafted", "--columns", "ticket_id,admin,name"]),
            (
                "query",
                [
                    "query",
                    "SELECT name AS requester, email FROM tickets WHERE dept_name = 'Crafted' ORDER BY ticket_id",
                ]
            ),
        ] {
            let file = dir.appendingPathComponent("\(label).csv")
            let result = try await CommandLineRunner.runAsync(
                arguments + ["--db", db, "-o", file.path, "--redact-admins"], environment: Self.redactionKey,
                directory: dir)
            try #require(result.status == 0, "\(result)")
            let text = try String(contentsOf: file, encoding: .utf8)
            for secret in [Self.command, Self.sum, Self.hyperlink, "a@example.com", "Alice"] {
                #expect(!text.contains(secret), "\(label) still shows \(secret):\n\(text)")
            }
            seen[label] = text.split(separator: "\r\n").dropFirst().map(String.init)
        }
        // One pseudonym per person in every export: 9001's requester in tickets and in the query.
        let ticketRequester = try #require(seen["tickets"]?.first?.split(separator: ",")[1])
        let queryRequester = try #require(seen["query"]?.first?.split(separator: ",")[0])
        #expect(ticketRequester == queryRequester)
        #expect(ticketRequester.hasPrefix("Requester "))
        #expect(seen["replies"]?.contains { $0.contains("Admin ") } == true)
    }

    static let redactionKey = ["TICKETREPORT_REDACTION_KEY": "team-key-\(UUID().uuidString)"]

    /// Pseudonyms come from HMAC-SHA256 under a key: the same key gives the same pseudonyms
    /// from run to run; without one, each run draws its own key and says how to keep them.
    @Test func pseudonymsAreStableOnlyUnderAKey() async throws {
        let db = try ExportFixture.path()
        let arguments = [
            "query", "SELECT name AS requester FROM tickets ORDER BY ticket_id LIMIT 1", "--db", db,
            "--format", "csv", "--redact",
        ]
        let keyed = try await CommandLineRunner.runAsync(arguments, environment: Self.redactionKey)
        let again = try await CommandLineRunner.runAsync(arguments, environment: Self.redactionKey)
        #expect(keyed.status == 0 && keyed.stderr.isEmpty, "\(keyed)")
        #expect(keyed.stdout == again.stdout)
        let other = try await CommandLineRunner.runAsync(
            arguments, environment: ["TICKETREPORT_REDACTION_KEY": "another-key"])
        #expect(other.stdout != keyed.stdout)
        let keyless = try await CommandLineRunner.runAsync(arguments)
        #expect(keyless.status == 0)
        #expect(keyless.stdout.hasPrefix("requester\r\nRequester "))
        #expect(
            keyless.stderr
                == "Note: pseudonyms are random for this run; set TICKETREPORT_REDACTION_KEY (or redaction_key_file in ticketreport.yaml) to keep them the same from one file to the next.\n"
        )
    }

    @Test func badInputFailsWithOneLineAndNoFile() async throws {
        let db = try ExportFixture.path()
        let dir = try Self.workspace()
        let out = dir.appendingPathComponent("out.xlsx")
        let failures: [([String], Int32, String)] = [
            (
                ["export", "tickets", "--columns", "ticket_id,colour"], 1,
                "unknown column \"colour\" for tickets; valid columns: ticket_id, tid,"
            ),
            (["export", "invoices"], 1, "invoices"),
            (["export", "tickets", "--month", "2026-13"], 1, "month must be YYYY-MM"),
            (["export", "tickets", "--format", "xlsx"], 1, "--format xlsx writes a file: add -o FILE"),
            (["export", "tickets", "-o", dir.appendingPathComponent("x.dat").path], 1, "cannot tell the format"),
            (["export", "tickets", "-o", dir.appendingPathComponent("missing/x.xlsx").path], 3, "does not exist"),
            (["query", "SELECT nope FROM tickets", "-o", out.path], 1, "no such column: nope"),
            (["workbook", "-o", out.path, "--sheet", "report:nope"], 1, "report \"nope\" not found"),
            (["workbook", "-o", out.path, "--sheet", "export:invoices"], 1, "export:KIND takes tickets"),
        ]
        for (arguments, code, message) in failures {
            let result = try await CommandLineRunner.runAsync(arguments + ["--db", db], directory: dir)
            #expect(result.status == code, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result)")
        }
        // Nothing half-written anywhere: no output, no temporary file.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "reports" }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func helpListsColumnsAndShowsTheBoundSQL() async throws {
        let columns = try await CommandLineRunner.runAsync(["export", "replies", "--list-columns"])
        #expect(columns.status == 0)
        let lines = columns.stdout.split(separator: "\n")
        #expect(lines.first == "ticket_id\tTicket ID\ttext\tdefault\tThe ticket.")
        #expect(
            lines.contains(
                "rating\tRating\tinteger\tdefault\tThe customer's rating 1–5 of an admin reply; empty when unrated."))
        let sql = try await CommandLineRunner.runAsync(
            ["export", "tickets", "--show-sql", "--status", "Open'; DROP TABLE tickets; --"])
        #expect(sql.status == 0)
        #expect(sql.stdout.contains("WHERE t.status COLLATE NOCASE IN (?)"))
        #expect(sql.stdout.hasSuffix("-- ?1 = Open'; DROP TABLE tickets; --\n"))
    }

    /// The whole hostile store: every row out, nothing evaluates, nothing breaks the page.
    @Test func theHostileStoreExportsSafely() async throws {
        let db = try ExportFixture.path()
        let dir = try Self.workspace()
        let replies = try StoreFile.count(db, "SELECT count(*) FROM replies")
        let tickets = try StoreFile.count(db, "SELECT count(*) FROM tickets")

        let csv = dir.appendingPathComponent("replies.csv")
        let csvRun = try await CommandLineRunner.runAsync(["export", "replies", "--db", db, "-o", csv.path])
        try #require(csvRun.status == 0, "\(csvRun)")
        let csvCounts = try ExportReader.counts("csv", csv)
        #expect(csvCounts["records"] == replies)
        #expect(csvCounts["unguarded"] == 0)

        let xlsx = dir.appendingPathComponent("replies.xlsx")
        let xlsxRun = try await CommandLineRunner.runAsync(
            ["export", "replies", "--db", db, "-o", xlsx.path, "--columns", "all"])
        try #require(xlsxRun.status == 0, "\(xlsxRun)")
        // The 1 MiB opening message is cut to Excel's cell limit, and the user is told.
        #expect(xlsxRun.stderr.contains("text cells were cut to Excel's 32,767 characters"), "\(xlsxRun)")
        let sheets = try ExportReader.read("xlsx", xlsx)
        #expect(sheets.formulas == 0)
        #expect(sheets.sheets?.first?.rows.count == replies)
        #expect(sheets.sheets?.first?.types.joined().contains("f") == false)

        let html = dir.appendingPathComponent("tickets.html")
        let htmlRun = try await CommandLineRunner.runAsync(["export", "tickets", "--db", db, "-o", html.path])
        try #require(htmlRun.status == 0, "\(htmlRun)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(!page.contains("<script>") && !page.contains("<img"))
        #expect(try ExportReader.read("html", html).rows?.count == tickets)

        let json = try await CommandLineRunner.runAsync(["export", "notes", "--db", db, "--format", "json"])
        try #require(json.status == 0, "\(json)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((document?["rows"] as? [Any])?.count == (try StoreFile.count(db, "SELECT count(*) FROM notes")))

        let table = try await CommandLineRunner.runAsync(["export", "tickets", "--db", db])
        try #require(table.status == 0)
        #expect(!table.stdout.contains("\u{1B}"), "an escape sequence reached the terminal")
    }

    @Test func pagesAndTablesAreCappedAndSaySo() async throws {
        let db = try ExportFixture.path()
        let dir = try Self.workspace()
        let many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) SELECT i FROM n"
        let html = dir.appendingPathComponent("many.html")
        let page = try await CommandLineRunner.runAsync(["query", many, "--db", db, "-o", html.path])
        try #require(page.status == 0, "\(page)")
        #expect(
            page.stderr
                == "Note: the page shows the first 10,000 of 12,000 rows (--max-rows N to change; --format xlsx or csv for all of them)\n"
        )
        let read = try ExportReader.read("html", html)
        #expect(read.rows?.count == 10_000)
        #expect(read.note?.contains("Showing the first 10,000 of 12,000 rows") == true)

        let csv = dir.appendingPathComponent("capped.csv")
        let capped = try await CommandLineRunner.runAsync([
            "query", many, "--db", db, "-o", csv.path, "--max-rows", "25",
        ])
        try #require(capped.status == 0, "\(capped)")
        #expect(capped.stdout == "Wrote \(csv.path): 25 rows\n")
        #expect(capped.stderr == "Note: wrote the first 25 of 12,000 rows (--max-rows)\n")
        #expect(try ExportReader.counts("csv", csv)["records"] == 25)

        let xlsx = dir.appendingPathComponent("capped.xlsx")
        let sheet = try await CommandLineRunner.runAsync([
            "query", many, "--db", db, "-o", xlsx.path, "--max-rows", "30",
        ])
        try #require(sheet.status == 0, "\(sheet)")
        #expect(sheet.stderr.contains("holds the first 30 rows; 11970 more were left out"), "\(sheet)")
        #expect(try ExportReader.counts("xlsx", xlsx)["sheet:Query"] == 31)
    }

    // MARK: - Expectations per format

    static func check(_ sheet: ReadBack.Sheet, _ spec: Case, name: String? = nil) {
        #expect(sheet.name == (name ?? spec.sheet))
        #expect(sheet.header == spec.labels.map { Optional($0) })
        #expect(sheet.rows.count == spec.rows.count, "\(spec)")
        for (index, expected) in spec.rows.enumerated() where index < sheet.rows.count {
            let row = sheet.rows[index]
            #expect(row == expected.map(xlsxCell), "\(spec) row \(index + 1)")
            for (column, value) in expected.enumerated() where value != .null && column < row.count {
                let type = sheet.types[index][column]
                switch value {
                case .text: #expect(type == "s", "\(spec) \(value) has type \(type)")
                case .datetime: #expect(type == "d", "\(spec) \(value) is not a date")
                case .int, .real: #expect(type == "n")
                case .null: break
                }
                #expect(
                    sheet.formats[index][column] == spec.kinds[column].xlsxFormat,
                    "\(spec) column \(spec.names[column]) has format \(sheet.formats[index][column])")
            }
        }
    }

    static func xlsxCell(_ value: Expected) -> ReadCell? {
        switch value {
        case .null: return nil
        case .text(let text): return ReadCell(s: text)
        case .int(let integer): return ReadCell(n: Double(integer))
        case .real(let real): return ReadCell(n: real)
        case .datetime(let text): return ReadCell(t: text)
        }
    }

    static func jsonCell(_ value: Expected) -> ReadCell? {
        switch value {
        case .null: return nil
        case .text(let text), .datetime(let text): return ReadCell(s: text)
        case .int(let integer): return ReadCell(i: integer)
        case .real(let real): return ReadCell(n: real)
        }
    }

    /// What a CSV field holds: formula-looking text behind a `'`, numbers as written.
    static func csvText(_ value: Expected) -> String {
        switch value {
        case .null: return ""
        case .text(let text):
            return ["=", "+", "-", "@"].contains(where: text.hasPrefix) ? "'" + text : text
        case .datetime(let text): return text
        case .int(let integer): return String(integer)
        case .real(let real): return String(real)
        }
    }
}
