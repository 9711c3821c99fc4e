import Config
import Foundation
import Reporting
import TestSupport
import Testing

@testable import Exporters

/// The pack's e-mail, built in memory and read back by Python's `email` package: the MIME
/// tree, the headers (RFC 2047 for non-ASCII), both alternatives, the attachments byte for
/// byte, CRLF line ends and line lengths, and an HTML part a mail reader can show.
@Suite("Pack e-mail (MIME), parsed back with python's email package")
struct MailMessageTests {
    static let date = Date(timeIntervalSince1970: 1_793_520_000)  // 2026-11-01 08:00:00 UTC

    /// The three key reports with their real column names, charts and a total row.
    static func pack(highlights: [String] = [], source: String? = "Billing desk") -> ReportPack {
        let responseTimes = ResultTable(
            name: "response-times", title: "First response time by department",
            columns: [
                ResultColumn(name: "department", label: "Department"),
                ResultColumn(name: "tickets", label: "Tickets", format: .integer),
                ResultColumn(name: "admin_opened", label: "Admin-opened", format: .integer),
                ResultColumn(name: "answered", label: "Answered", format: .integer),
                ResultColumn(name: "unanswered", label: "Unanswered", format: .integer),
                ResultColumn(name: "frt_median_hours", label: "FRT median (h)", format: .hours),
                ResultColumn(name: "frt_p90_hours", label: "FRT p90 (h)", format: .hours),
                ResultColumn(name: "sla_met_share", label: "SLA met", format: .percent),
            ],
            rows: [
                [
                    .text("Billing"), .integer(44), .integer(1), .integer(40), .integer(3), .real(12), .real(30),
                    .real(0.8),
                ],
                [
                    .text(Fixtures.hostile), .integer(10), .integer(0), .integer(10), .integer(0), .real(6), .real(9),
                    .real(1),
                ],
                [
                    .text("All departments"), .integer(54), .integer(1), .integer(50), .integer(3), .real(10.2),
                    .real(28), .real(0.823),
                ],
            ],
            chart: ChartSpec(kind: .bar, x: "department", y: ["frt_median_hours", "frt_p90_hours"]))
        let slaRows: [[CellValue]] =
            (0..<40).map { index in
                [
                    .text("Dept \(index)"), .text("High"), .integer(10), .integer(8), .integer(2), .integer(0),
                    .real(0.8),
                ]
            } + [
                [
                    .text("All departments"), .text("All priorities"), .integer(400), .integer(320), .integer(80),
                    .integer(0), .real(0.8),
                ]
            ]
        let sla = ResultTable(
            name: "sla", title: "First-response SLA",
            columns: [
                ResultColumn(name: "department", label: "Department"),
                ResultColumn(name: "priority", label: "Priority"),
                ResultColumn(name: "tickets", label: "Tickets", format: .integer),
                ResultColumn(name: "met", label: "Met", format: .integer),
                ResultColumn(name: "breached", label: "Breached", format: .integer),
                ResultColumn(name: "pending", label: "Pending", format: .integer),
                ResultColumn(name: "sla_met_share", label: "SLA met", format: .percent),
            ], rows: slaRows)
        let ratings = ResultTable(
            name: "ratings", title: "Customer ratings by department",
            columns: [ResultColumn(name: "department", label: "Department")]
                + (1...5).map { ResultColumn(name: "rating_\($0)", label: "\($0)★", format: .integer) }
                + [
                    ResultColumn(name: "rated", label: "Rated", format: .integer),
                    ResultColumn(name: "rating_mean", label: "Mean", format: .number),
                    ResultColumn(name: "csat", label: "CSAT", format: .percent),
                ],
            rows: [
                [
                    .text("Billing"), .integer(1), .integer(0), .integer(1), .integer(4), .integer(4), .integer(10),
                    .real(4), .real(0.8),
                ],
                [
                    .text("All departments"), .integer(1), .integer(0), .integer(1), .integer(4), .integer(4),
                    .integer(10), .real(4), .real(0.8),
                ],
            ],
            chart: ChartSpec(kind: .bar, x: "department", y: (1...5).map { "rating_\($0)" }))
        var pack = Fixtures.pack(tables: [responseTimes, Fixtures.chartTable(.line), sla, ratings])
        pack.tiles.insert(
            KPITile(
                label: "Median first response", format: .hours, value: .real(10.2), previous: .real(7.4),
                direction: .lowerIsBetter), at: 1)
        pack.highlights = highlights
        pack.source = source
        return pack
    }

    static func attachments(in folder: TemporaryFolder) throws -> [URL] {
        let xlsx = folder.file("support-2026-10.xlsx")
        // Every byte value, so any text-mode or line-end mangling shows.
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: xlsx)
        let html = folder.file("support-2026-10.html")
        try Data("<!DOCTYPE html><html><body><svg></svg>\r\nline\nline\r</body></html>".utf8).write(to: html)
        return [xlsx, html]
    }

    static let mail = PackMail(
        to: [
            MailAddress(address: "lead@example.com"),
            MailAddress(address: "j.mueller@example.de", displayName: "Jörg Müller"),
        ],
        from: MailAddress(address: "reports@example.com", displayName: "Support Reports"),
        subject: "Rapport d'assistance {period} — {source}")

    @Test func theMessageParsesBackWithEveryPart() throws {
        let folder = try TemporaryFolder()
        let files = try Self.attachments(in: folder)
        let highlights = [
            "Median first response rose 38 % to 10.2 h (from 7.4 h); Billing accounts for most of it.",
            "Ümlaut — ça va",
        ]
        let bytes = try Self.mail.message(
            for: Self.pack(highlights: highlights), attachments: files, date: Self.date, timeZone: Fixtures.utc)
        let parsed = try ParsedMail.parse(bytes)

        #expect(parsed.defects == [])
        #expect(
            parsed.structure == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/html",
            ])
        #expect(parsed.from == [.init(name: "Support Reports", address: "reports@example.com")])
        #expect(
            parsed.to == [
                .init(name: "", address: "lead@example.com"),
                .init(name: "Jörg Müller", address: "j.mueller@example.de"),
            ])
        #expect(parsed.subject == "Rapport d'assistance 2026-10 — Billing desk")
        #expect(parsed.date == "Sun, 01 Nov 2026 08:00:00 +0000")
        #expect(parsed.messageID?.hasSuffix(".ticketreport@example.com>") == true)
        #expect(parsed.mimeVersion == "1.0")
        #expect(parsed.autoSubmitted == "auto-generated")
        #expect(parsed.plainEncoding == "quoted-printable")
        #expect(parsed.htmlEncoding == "quoted-printable")
        #expect(parsed.plain.replacingOccurrences(of: "\r\n", with: "\n").contains("\n- Ümlaut — ça va\n"))
        #expect(parsed.html.contains("Ümlaut — ça va"))

        #expect(parsed.attachments.map(\.filename) == ["support-2026-10.xlsx", "support-2026-10.html"])
        #expect(parsed.attachments.map(\.transferEncoding) == ["base64", "base64"])
        for (attachment, file) in zip(parsed.attachments, files) {
            #expect(attachment.data == (try Data(contentsOf: file)), "\(attachment.filename) differs from the file")
        }

        // The wire format: CRLF only; no line over 998, the message's headers within 78, bodies within 76.
        let text = String(decoding: bytes, as: UTF8.self)
        let bareBreaks = bytes.enumerated().filter { index, byte in
            (byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D))
                || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A))
        }
        #expect(bareBreaks.isEmpty)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        let headerLines = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headerLines.allSatisfy { $0.utf8.count <= 78 }, "\(headerLines.filter { $0.utf8.count > 78 })")
        let bodyLines = lines.filter { !$0.contains(":") && !$0.hasPrefix("--=_") && !$0.hasPrefix(" ") }
        #expect(bodyLines.allSatisfy { $0.utf8.count <= 76 }, "\(bodyLines.filter { $0.utf8.count > 76 })")
        // Non-ASCII in headers only as encoded words; the whole message is 7-bit.
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let headers = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(headers.contains("=?UTF-8?B?"))
    }

    @Test func thePlainTextIsTheTilesThenTheHighlights() throws {
        let pack = Self.pack(highlights: ["SLA met fell 3.5 points to 82.3 %.", "Line\nbreak \u{1B}[31mred"])
        let text = PackMailText.render(pack, attachmentNames: ["support-2026-10.xlsx", "support-2026-10.html"])
        #expect(
            text == """
                Support report, 2026-10 (Billing desk)

                Tickets opened: 1,250 (1,000 the month before)
                Median first response: 10.2 h (7.4 h the month before)
                Median FRT: 1h 30m (2h 00m the month before)
                CSAT: 82.0% (85.0% the month before)
                Unanswered: 4 (no figure the month before)

                Highlights
                - SLA met fell 3.5 points to 82.3 %.
                - Line break red

                Attached: support-2026-10.xlsx (the workbook with every report), support-2026-10.html (the full page, for a browser).

                """)
    }

    @Test func noHighlightsNoHeading() throws {
        let pack = Self.pack(highlights: [])
        #expect(!PackMailText.render(pack, attachmentNames: []).contains("Highlights"))
        #expect(!PackMailHTML().render(pack, attachmentNames: []).contains("Highlights"))
    }

    @Test(arguments: [
        ("2026-10", "the month before"), ("2026-Q3", "the quarter before"), ("2026", "the year before"),
        ("2026-10-01 to 2026-10-15", "the period before"),
    ])
    func thePreviousPeriodIsNamedByItsShape(_ period: String, _ words: String) {
        #expect(PackMailText.previousPeriodWords(period) == words)
    }

    /// What mail readers drop or block is absent; what they keep carries the content.
    @Test func theHTMLPartIsMailSafe() throws {
        let pack = Self.pack(highlights: ["Billing <b>rose</b> & \"fell\""])
        let html = PackMailHTML().render(pack, attachmentNames: ["support-2026-10.xlsx"])
        for forbidden in ["<svg", "<script", "<style", "<img", "<link", "http:", "https:", "url(", "class="] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden) in the mail's HTML")
        }
        // Helpdesk text is escaped.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Billing &lt;b&gt;rose&lt;/b&gt; &amp; &quot;fell&quot;"))
        // The tiles with value, change and previous value.
        #expect(html.contains(">10.2 h</div>"))
        #expect(html.contains(">▲ +2.8 h</div>"))
        #expect(html.contains(">7.4 h the month before</div>"))
        // The key tables, in order, not the others; the SLA table capped with its total kept.
        let titles = ["First response time by department", "First-response SLA", "Customer ratings by department"]
        let positions = titles.map { html.range(of: ">\($0)</h2>")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(!html.contains("Load by department"))
        #expect(html.contains(">Dept 23</td>"))
        #expect(!html.contains(">Dept 24</td>"))
        #expect(html.contains(">All priorities</td>"))
        #expect(html.contains("25 of 41 rows shown; every row is in the attached workbook."))
        // Bars are table cells: Billing's median 12 h is the largest (110 px), 6 h half of it.
        #expect(html.contains("width=\"110\" height=\"10\" style=\"width:110px;height:10px;background-color:#3b6ea5;"))
        #expect(html.contains("width=\"55\" height=\"10\" style=\"width:55px;height:10px;background-color:#3b6ea5;"))
        // Ratings as a stacked distribution: 1, 0, 1, 4, 4 of 10 → 11, 11, 44, 44 px.
        #expect(html.contains("width=\"44\" height=\"10\" style=\"width:44px;height:10px;background-color:#7fb069;"))
        // Every style is inline: no tag relies on a stylesheet.
        #expect(html.components(separatedBy: "<td").count > 100)
    }

    @Test func aPackWithoutTheKeyReportsShowsItsFirstTables() throws {
        let pack = Fixtures.pack(tables: [
            Fixtures.chartTable(.bar, title: "One"), Fixtures.allFormats(), Fixtures.chartTable(.line, title: "Two"),
            Fixtures.chartTable(.bar, title: "Three"),
        ])
        #expect(PackMailHTML.keyTables(of: pack).map(\.title) == ["One", "All formats", "Two"])
    }

    @Test(
        arguments: [
            ("Billing desk", nil, "Support report 2026-10 (Billing desk)"),
            (nil, nil, "Support report 2026-10"),
            (nil, "{source}: report for {period}", "all sources: report for 2026-10"),
            ("Main", "Monthly figures", "Monthly figures"),
        ] as [(String?, String?, String)])
    func theSubject(_ source: String?, _ template: String?, _ expected: String) {
        var pack = Self.pack()
        pack.source = source
        #expect(PackMail.subject(for: pack, template: template) == expected)
    }

    @Test func longAndOddTextSurvivesQuotedPrintable() throws {
        let long = String(repeating: "Lorem ipsum dolor sit amet, é ü — 😀 ", count: 80)
        let body = ".leading dot\nFrom the start\ntrailing space \nequals = sign\n" + long + "\n\ttab"
        let encoded = MIMEEncoding.quotedPrintable(body)
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        let message = MailMessage(
            to: [MailAddress(address: "a@x.com")], subject: "QP", plainText: body, html: body, attachments: [])
        let parsed = try ParsedMail.parse(try message.rendered())
        #expect(parsed.defects == [])
        // The line break before a boundary belongs to the boundary (RFC 2046): the body ends without one.
        #expect(parsed.plain.replacingOccurrences(of: "\r\n", with: "\n") == body)
        #expect(parsed.html.replacingOccurrences(of: "\r\n", with: "\n") == body)
    }

    @Test func aLongNonASCIISubjectIsFoldedIntoEncodedWords() throws {
        let words = MIMEEncoding.headerWords(String(repeating: "Übersicht ", count: 12))
        #expect(words.count > 2)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let header = MIMEEncoding.header("Subject", words)
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    /// An address built without the check (not through `MailAddress(parsing:)`) still cannot
    /// put a second header into the message.
    @Test func anAddressWithALineBreakIsRefusedWhenBuilding() throws {
        let mail = PackMail(to: [MailAddress(address: "a@x.com\r\nBcc: victim@y.com")], from: nil, subject: nil)
        #expect(throws: MailError.self) { try mail.message(for: Self.pack(), attachments: []) }
        // A subject template's line breaks become spaces: one Subject line, no Bcc header.
        let subject = PackMail(to: [MailAddress(address: "a@x.com")], from: nil, subject: "x\r\nBcc: victim@y.com")
        let bytes = try subject.message(for: Self.pack(), attachments: [])
        #expect(try ParsedMail.parse(bytes).subject == "x Bcc: victim@y.com")
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\r\nBcc:"))
    }

    // MARK: - Delivery through a program

    @Test func theMessageGoesToTheProgramsStandardInputAndRecipientsWithoutDashT() throws {
        let folder = try TemporaryFolder()
        let files = try Self.attachments(in: folder)
        let received = folder.file("received.eml")
        let arguments = folder.file("arguments.txt")
        let script = "printf '%s\\n' \"$@\" > '\(arguments.path)'; cat > '\(received.path)'"
        let line = try Self.mail.deliver(
            Self.pack(), attachments: files, to: .sendmail(["/bin/sh", "-c", script, "sh"]))
        #expect(line == "Mailed the 2026-10 Billing desk pack to lead@example.com, j.mueller@example.de via /bin/sh")
        #expect(try String(contentsOf: arguments, encoding: .utf8) == "lead@example.com\nj.mueller@example.de\n")
        let parsed = try ParsedMail.parse(Data(contentsOf: received))
        #expect(parsed.attachments.count == 2)
        #expect(parsed.subject == "Rapport d'assistance 2026-10 — Billing desk")
    }

    @Test func aFailingProgramGivesItsExitCodeAndLastLine() throws {
        let folder = try TemporaryFolder()
        let files = try Self.attachments(in: folder)
        let script =
            "cat >/dev/null; echo 'msmtp: connecting' >&2; echo 'msmtp: server said: 452 queue full' >&2; echo >&2; exit 75"
        let written = "; the pack files are written: \(files[0].path), \(files[1].path)"
        do {
            _ = try Self.mail.deliver(Self.pack(), attachments: files, to: .sendmail(["/bin/sh", "-c", script, "-t"]))
            Issue.record("expected a failure")
        } catch {
            #expect(error.kind == .sendmail)
            #expect(error.message == "sendmail failed (exit 75): msmtp: server said: 452 queue full" + written)
        }
        // One that does not read its input at all (no SIGPIPE here: the input is a file).
        do {
            _ = try Self.mail.deliver(Self.pack(), attachments: files, to: .sendmail(["/bin/false"]))
            Issue.record("expected a failure")
        } catch {
            #expect(error.message == "sendmail failed (exit 1)" + written)
        }
        do {
            _ = try Self.mail.deliver(Self.pack(), attachments: files, to: .sendmail(["/nonexistent/sendmail", "-t"]))
            Issue.record("expected a failure")
        } catch {
            #expect(
                error.message
                    == "sendmail failed (cannot start /nonexistent/sendmail: no such program (install a mail transfer agent or set mail.sendmail))"
                    + written)
        }
    }

    @Test func emlGoesToAFileOrIntoAFolder() throws {
        let folder = try TemporaryFolder()
        let files = try Self.attachments(in: folder)
        let line = try Self.mail.deliver(Self.pack(), attachments: files, to: .file(folder.file("out.eml").path))
        #expect(line == "Wrote \(folder.file("out.eml").path)")
        #expect(try ParsedMail.parse(Data(contentsOf: folder.file("out.eml"))).attachments.count == 2)
        let inside = try Self.mail.deliver(Self.pack(), attachments: files, to: .file(folder.url.path + "/"))
        #expect(inside == "Wrote \(folder.file("support-2026-10.eml").path)")
        // No temporary file is left beside them.
        #expect(
            try folder.contents() == ["out.eml", "support-2026-10.eml", "support-2026-10.html", "support-2026-10.xlsx"])
    }
}
