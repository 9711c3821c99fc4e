import Foundation
import TestSupport
import Testing

/// `ticketreport monthly` mailing its pack through a real mail transfer agent: Debian's `msmtp`
/// as the sendmail program, relaying to an SMTP server on 127.0.0.1 (aiosmtpd) started here; the
/// message that arrives is read with Python's `email` package. Then the failures: a sendmail
/// that fails, bad addresses, and `--eml`.
@Suite("monthly mails the pack (msmtp → SMTP on 127.0.0.1)", .serialized)
struct MailDeliveryTests {
    static let msmtp = "/usr/bin/msmtp"

    /// A working folder with `ticketreport.yaml` holding `mail`, and where the pack goes.
    struct Setup {
        let folder: URL
        let out: URL
        let month: String
        let store: String

        init(_ label: String, mail: String) async throws {
            let demo = try await DemoPacks.plain.value
            folder = try TestPaths.scratchDirectory(label)
            out = folder.appendingPathComponent("pack")
            month = demo.month
            store = demo.store
            try Data(("mail:\n" + mail).utf8).write(to: folder.appendingPathComponent("ticketreport.yaml"))
        }

        var xlsx: URL { out.appendingPathComponent("support-\(month).xlsx") }
        var html: URL { out.appendingPathComponent("support-\(month).html") }

        func monthly(_ extra: [String] = []) throws -> CommandResult {
            try CommandLineRunner.run(
                ["monthly", "--month", month, "--db", store, "--out", out.path] + extra, directory: folder, timeout: 120
            )
        }

        /// An executable shell script in the folder.
        func script(_ name: String, _ body: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            return url.path
        }
    }

    /// The issue's "done when": msmtp relays to the local SMTP server; what arrives has both
    /// alternatives, the two pack files byte for byte, a mail-safe HTML part and the configured
    /// subject, sender and recipients.
    @Test func msmtpDeliversThePackToALocalSMTPServer() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.msmtp) else {
            Issue.record("msmtp is missing: run `make setup` (apt-get install msmtp); the mail delivery was NOT tested")
            return
        }
        let server = try SMTPSink()
        defer { server.stop() }
        let setup = try await Setup(
            "mail-msmtp",
            mail: """
                  to: [lead@example.com, "Jörg Müller <j.mueller@example.de>"]
                  from: "Support Reports <reports@example.com>"
                  subject: "Support {period}: monthly figures — {source}"
                  sendmail: \(Self.msmtp) --file=/dev/null -t -i --host=127.0.0.1 --port=\(server.port) --auth=off --tls=off --from=reports@example.com

                """)
        let result = try setup.monthly()
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stdout
                == "Wrote \(setup.xlsx.path)\nWrote \(setup.html.path)\nMailed the \(setup.month) pack to lead@example.com, j.mueller@example.de via \(Self.msmtp)\n"
        )
        #expect(result.stderr == "")

        let received = try server.messages
        try #require(received.count == 1, "\(received.count) messages arrived")
        #expect(
            received[0].envelope
                == .init(mailFrom: "reports@example.com", rcptTos: ["lead@example.com", "j.mueller@example.de"]))
        let mail = try ParsedMail.parse(file: received[0].message)
        #expect(mail.defects == [])
        #expect(mail.subject == "Support \(setup.month): monthly figures — all sources")
        #expect(mail.from == [.init(name: "Support Reports", address: "reports@example.com")])
        #expect(
            mail.to == [
                .init(name: "", address: "lead@example.com"),
                .init(name: "Jörg Müller", address: "j.mueller@example.de"),
            ])
        #expect(mail.mimeVersion == "1.0")
        #expect(mail.date != nil && mail.messageID != nil)

        // Both alternatives.
        #expect(
            Array(mail.structure.prefix(4)) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html"])
        // The plain text: one line per tile with last month's value, as the reports give them.
        let plain = mail.plain.replacingOccurrences(of: "\r\n", with: "\n")
        let previousMonth = MonthlyAndDemoTests.previousMonth(setup.month)
        for tile in try BuiltInPack.tiles() {
            let now = try ReportJSON.run(tile.report, month: setup.month, db: setup.store, directory: setup.folder)
            let before = try ReportJSON.run(tile.report, month: previousMonth, db: setup.store, directory: setup.folder)
            let format = try #require(now.format(of: tile.column))
            func figure(_ cell: JSONCell?) -> String {
                let text = cell.map { Display.text($0, format: format) } ?? ""
                return text.isEmpty ? "no figure" : (format == "hours" ? text + " h" : text)
            }
            let line =
                "\(tile.label): \(figure(now.cell(row: tile.row, column: tile.column))) (\(figure(before.cell(row: tile.row, column: tile.column))) the month before)"
            #expect(plain.contains("\n" + line + "\n"), "\(line) not in:\n\(plain)")
        }
        // The HTML part: what mail readers keep, and nothing they block.
        let html = mail.html.lowercased()
        for forbidden in ["<svg", "<script", "<style", "<img", "http:", "https:", "<link"] {
            #expect(!html.contains(forbidden), "\(forbidden) in the mail's HTML part")
        }
        #expect(html.contains("first response time by department"))
        #expect(html.contains("background-color:#3b6ea5"), "no bars drawn as table cells")

        // The attachments are the files monthly wrote, byte for byte.
        #expect(mail.attachments.map(\.filename) == ["support-\(setup.month).xlsx", "support-\(setup.month).html"])
        #expect(
            mail.attachments.map(\.contentType) == [
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/html",
            ])
        #expect(mail.attachments.first?.data == (try Data(contentsOf: setup.xlsx)))
        #expect(mail.attachments.last?.data == (try Data(contentsOf: setup.html)))
    }

    /// The flags override the file: other recipients, sender and subject for this run.
    @Test func flagsOverrideTheConfiguration() async throws {
        let setup = try await Setup("mail-flags", mail: "  to: [someone@example.com]\n  subject: From the file\n")
        let eml = setup.folder.appendingPathComponent("message.eml")
        let result = try setup.monthly([
            "--mail-to", "a@x.com,B <b@y.com>", "--mail-from", "reports@x.com", "--mail-subject", "Report {period}",
            "--eml", eml.path,
        ])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "Wrote \(setup.xlsx.path)\nWrote \(setup.html.path)\nWrote \(eml.path)\n")
        let mail = try ParsedMail.parse(file: eml)
        #expect(mail.to == [.init(name: "", address: "a@x.com"), .init(name: "B", address: "b@y.com")])
        #expect(mail.from == [.init(name: "", address: "reports@x.com")])
        #expect(mail.subject == "Report \(setup.month)")
        #expect(mail.attachments.map(\.filename) == ["support-\(setup.month).xlsx", "support-\(setup.month).html"])
        #expect(mail.attachments.first?.data == (try Data(contentsOf: setup.xlsx)))
    }

    /// A sendmail that refuses: exit 3 with its last stderr line, and the pack is still written.
    @Test func aFailingSendmailIsExit3WithItsLastLineAndThePackStays() async throws {
        let setup = try await Setup("mail-failing", mail: "  to: [lead@example.com]\n")
        let failing = try setup.script(
            "failing-sendmail",
            """
            cat > /dev/null
            echo "sendmail: connecting to mail.example.com" >&2
            echo "sendmail: cannot write the queue file: No space left on device" >&2
            exit 75
            """)
        try Data("mail:\n  to: [lead@example.com]\n  sendmail: \(failing) -t -i\n".utf8)
            .write(to: setup.folder.appendingPathComponent("ticketreport.yaml"))
        let result = try setup.monthly()
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout == "Wrote \(setup.xlsx.path)\nWrote \(setup.html.path)\n")
        #expect(
            result.stderr
                == "Error: sendmail failed (exit 75): sendmail: cannot write the queue file: No space left on device; the pack files are written: \(setup.xlsx.path), \(setup.html.path)\n"
        )
        #expect(FileManager.default.fileExists(atPath: setup.xlsx.path))
        #expect(FileManager.default.fileExists(atPath: setup.html.path))

        // /bin/false reads nothing and says nothing.
        try Data("mail:\n  to: [lead@example.com]\n  sendmail: /bin/false\n".utf8)
            .write(to: setup.folder.appendingPathComponent("ticketreport.yaml"))
        let silent = try setup.monthly()
        #expect(silent.status == 3)
        #expect(
            silent.stderr
                == "Error: sendmail failed (exit 1); the pack files are written: \(setup.xlsx.path), \(setup.html.path)\n"
        )

        // A program that is not there.
        try Data("mail:\n  to: [lead@example.com]\n  sendmail: /usr/sbin/no-such-sendmail -t\n".utf8)
            .write(to: setup.folder.appendingPathComponent("ticketreport.yaml"))
        let missing = try setup.monthly()
        #expect(missing.status == 3)
        #expect(
            missing.stderr
                == "Error: sendmail failed (cannot start /usr/sbin/no-such-sendmail: no such program (install a mail transfer agent or set mail.sendmail)); the pack files are written: \(setup.xlsx.path), \(setup.html.path)\n"
        )
    }

    /// Bad addresses stop the run before anything is written, in one line, exit 1.
    @Test(arguments: [
        (
            ["--mail-to", "a@x.com,bob@@y.com"],
            "Error: --mail-to: \"bob@@y.com\" is not an e-mail address (expected name@example.com) (see 'ticketreport monthly --help')\n"
        ),
        (
            ["--mail-to", "a@x.com\r\nBcc: victim@y.com"],
            "Error: --mail-to: \"a@x.com\\r\\nBcc: victim@y.com\" must be one line without control characters (see 'ticketreport monthly --help')\n"
        ),
        (
            ["--mail-to", "a@x.com", "--mail-from=-oQ/tmp@x.com"],
            "Error: --mail-from: \"-oQ/tmp@x.com\" has characters an address cannot hold before the @ (expected name@example.com) (see 'ticketreport monthly --help')\n"
        ),
        (
            ["--mail-to", "a@x.com", "--mail-subject", "Report\nBcc: victim@y.com"],
            "Error: --mail-subject must be one line without control characters (see 'ticketreport monthly --help')\n"
        ),
    ])
    func aBadAddressIsExit1AndNothingIsWritten(_ flags: [String], _ message: String) async throws {
        let setup = try await Setup("mail-bad", mail: "  sendmail: /bin/false\n")
        let result = try setup.monthly(flags)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == message)
        #expect(!FileManager.default.fileExists(atPath: setup.out.path))
    }

    @Test func aBadAddressInTheFileIsExit1WithItsLineAndNothingIsWritten() async throws {
        let setup = try await Setup("mail-bad-file", mail: "  to:\n    - lead@example.com\n    - lead@example..com\n")
        let result = try setup.monthly()
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == "Error: ticketreport.yaml:4: mail.to[1]: \"lead@example..com\" has no valid domain after the @ (expected name@example.com)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: setup.out.path))
    }

    /// `--eml` writes the message instead of mailing it; sendmail is not run.
    @Test func emlWritesAParseableMessageAndRunsNoSendmail() async throws {
        let setup = try await Setup("mail-eml", mail: "")
        let marker = setup.folder.appendingPathComponent("sendmail-ran")
        let sendmail = try setup.script("sendmail", "touch '\(marker.path)'; cat > /dev/null")
        try Data("mail:\n  to: [lead@example.com]\n  sendmail: \(sendmail) -t\n".utf8)
            .write(to: setup.folder.appendingPathComponent("ticketreport.yaml"))
        let result = try setup.monthly(["--eml", setup.out.path + "/"])
        #expect(result.status == 0, "\(result)")
        let eml = setup.out.appendingPathComponent("support-\(setup.month).eml")
        #expect(result.stdout == "Wrote \(setup.xlsx.path)\nWrote \(setup.html.path)\nWrote \(eml.path)\n")
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        let mail = try ParsedMail.parse(file: eml)
        #expect(mail.defects == [])
        #expect(mail.subject == "Support report \(setup.month)")
        #expect(mail.to == [.init(name: "", address: "lead@example.com")])
        #expect(mail.from == [])
        #expect(mail.attachments.last?.data == (try Data(contentsOf: setup.html)))

        // The same configuration without --eml runs the program; --no-mail does not.
        let mailed = try setup.monthly()
        #expect(mailed.status == 0, "\(mailed)")
        #expect(mailed.stdout.hasSuffix("Mailed the \(setup.month) pack to lead@example.com via \(sendmail)\n"))
        #expect(FileManager.default.fileExists(atPath: marker.path))
        try FileManager.default.removeItem(at: marker)
        let quiet = try setup.monthly(["--no-mail"])
        #expect(quiet.stdout == "Wrote \(setup.xlsx.path)\nWrote \(setup.html.path)\n")
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }
}
