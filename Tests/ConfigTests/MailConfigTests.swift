import Config
import Foundation
import Testing

/// The `mail:` key, the address check behind it and `--mail-to`, and the sendmail command split.
@Suite struct MailConfigTests {
    func expectError(_ yaml: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TicketReportConfig.parse(yaml: yaml, file: "ticketreport.yaml")
            Issue.record("expected \(message)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description == message, sourceLocation: sourceLocation)
        }
    }

    @Test func theMailKeyWithEveryValue() throws {
        let config = try TicketReportConfig.parse(
            yaml: """
                store: t.sqlite
                mail:
                  to: [lead@example.com, "Ops Team <ops@example.com>", "Jörg Müller <j.mueller@example.de>"]
                  from: "Support Reports <reports@example.com>"
                  subject: "Support {period} — {source}"
                  sendmail: /usr/bin/msmtp -t -i --from='reports@example.com' "--logfile=/var/log/my msmtp.log"
                """)
        #expect(
            config.mail.to == [
                MailAddress(address: "lead@example.com"),
                MailAddress(address: "ops@example.com", displayName: "Ops Team"),
                MailAddress(address: "j.mueller@example.de", displayName: "Jörg Müller"),
            ])
        #expect(config.mail.from == MailAddress(address: "reports@example.com", displayName: "Support Reports"))
        #expect(config.mail.subject == "Support {period} — {source}")
        #expect(
            config.mail.sendmail == [
                "/usr/bin/msmtp", "-t", "-i", "--from=reports@example.com", "--logfile=/var/log/my msmtp.log",
            ])
        #expect(
            config.summaryLines.last
                == "mail: to lead@example.com, Ops Team <ops@example.com>, Jörg Müller <j.mueller@example.de>; from Support Reports <reports@example.com>; subject \"Support {period} — {source}\"; via /usr/bin/msmtp -t -i --from=reports@example.com '--logfile=/var/log/my msmtp.log'"
        )
    }

    @Test func defaultsMailNothingThroughTheSystemSendmail() throws {
        let config = try TicketReportConfig.parse(yaml: "store: t.sqlite\n")
        #expect(config.mail == MailSettings())
        #expect(config.mail.to.isEmpty)
        #expect(config.mail.sendmail == ["/usr/sbin/sendmail", "-t", "-i"])
        #expect(
            config.summaryLines.last
                == "mail: off (monthly mails only with --mail-to; sendmail: /usr/sbin/sendmail -t -i)")
        // One address, or a comma-separated line, may stand for the list.
        let one = try TicketReportConfig.parse(yaml: "mail: { to: \"a@x.com, b@y.com\" }\n")
        #expect(one.mail.to.map(\.address) == ["a@x.com", "b@y.com"])
        #expect(
            one.summaryLines.last
                == "mail: to a@x.com, b@y.com; from the mail system's default; via /usr/sbin/sendmail -t -i")
    }

    @Test func badMailValuesNameTheirLine() {
        expectError("mail:\n  too: [a@x.com]\n", "ticketreport.yaml:2: mail.too: unknown key (did you mean to?)")
        expectError(
            "mail:\n  to:\n    - a@x.com\n    - not-an-address\n",
            "ticketreport.yaml:4: mail.to[1]: \"not-an-address\" is not an e-mail address (expected name@example.com)")
        expectError(
            "mail:\n  to: [\"a@x.com\\r\\nBcc: victim@y.com\"]\n",
            "ticketreport.yaml:2: mail.to[0]: \"a@x.com\\r\\nBcc: victim@y.com\" must be one line without control characters"
        )
        expectError(
            "mail: { to: [] }\n", "ticketreport.yaml:1: mail.to: list at least one address, e.g. [lead@example.com]")
        expectError(
            "mail: { from: \"Eve <eve@x.com>, bob@y.com\" }\n",
            "ticketreport.yaml:1: mail.from: \"Eve <eve@x.com>, bob@y.com\" expected Name <name@example.com>")
        expectError(
            "mail:\n  subject: \"Report\\nBcc: victim@y.com\"\n",
            "ticketreport.yaml:2: mail.subject: must be one line without control characters")
        expectError(
            "mail:\n  sendmail: \"/usr/sbin/sendmail -t -i --from='x\"\n",
            "ticketreport.yaml:2: mail.sendmail: a ' quote is not closed (e.g. \"/usr/sbin/sendmail -t -i\")")
        expectError(
            "mail:\n  sendmail: \"/usr/sbin/sendmail -t | tee log\"\n",
            "ticketreport.yaml:2: mail.sendmail: | is not interpreted (the command runs without a shell; quote it if it belongs to an argument) (e.g. \"/usr/sbin/sendmail -t -i\")"
        )
    }

    @Test(arguments: [
        "a@x.com", "first.last+tag@sub.example.co.uk", "root@localhost", "o'brien@example.ie",
        "Support Lead <lead@example.com>", "\"Quoted Name\" <q@example.com>", "Jörg Müller <j@example.de>",
        "  spaced@example.com  ",
    ])
    func addressesThatPass(_ text: String) throws {
        _ = try MailAddress(parsing: text)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("plain", "is not an e-mail address (expected name@example.com)"),
        ("a@b@c.com", "is not an e-mail address (expected name@example.com)"),
        ("a@x.com\nBcc: victim@y.com", "must be one line without control characters"),
        ("a@x.com\r", "must be one line without control characters"),
        ("-oQ/tmp/x@example.com", "has characters an address cannot hold before the @ (expected name@example.com)"),
        (".a@x.com", "has characters an address cannot hold before the @ (expected name@example.com)"),
        ("a..b@x.com", "has characters an address cannot hold before the @ (expected name@example.com)"),
        ("a b@x.com", "has characters an address cannot hold before the @ (expected name@example.com)"),
        ("a@-x.com", "has no valid domain after the @ (expected name@example.com)"),
        ("a@x..com", "has no valid domain after the @ (expected name@example.com)"),
        ("a@x_y.com", "has no valid domain after the @ (expected name@example.com)"),
        ("jörg@example.de", "must be ASCII (write an international domain in its xn-- form)"),
        ("Name <a@x.com", "expected Name <name@example.com>"),
        ("Name <a@x.com> <b@y.com>", "expected Name <name@example.com>"),
        ("Bad \"Name\" <a@x.com>", "the name must not contain \""),
        ("Last, First <a@x.com>", "the name must not contain ,"),
    ])
    func addressesThatAreRefused(_ text: String, _ problem: String) {
        #expect(throws: MailAddress.Invalid(problem: problem)) { try MailAddress(parsing: text) }
    }

    @Test func aListNamesTheAddressThatIsWrong() throws {
        #expect(try MailAddress.list(parsing: "a@x.com,b@y.com").map(\.address) == ["a@x.com", "b@y.com"])
        #expect(
            try MailAddress.list(parsing: " a@x.com , Bob <b@y.com>, ").map(\.description) == [
                "a@x.com", "Bob <b@y.com>",
            ])
        #expect(throws: MailAddress.Invalid(problem: "lists no address")) { try MailAddress.list(parsing: " , ") }
        #expect(
            throws: MailAddress.Invalid(
                problem: "\"b@y.com\\r\\nBcc: c@z.com\" must be one line without control characters")
        ) { try MailAddress.list(parsing: "a@x.com,b@y.com\r\nBcc: c@z.com") }
    }

    @Test func commandWordsSplitLikeAShell() throws {
        #expect(try CommandWords.split("/usr/sbin/sendmail -t -i") == ["/usr/sbin/sendmail", "-t", "-i"])
        #expect(try CommandWords.split("  msmtp\t-t  ") == ["msmtp", "-t"])
        #expect(
            try CommandWords.split(#"a 'b c' "d \"e\" \\ \$f" g\ h ''"#) == ["a", "b c", #"d "e" \ $f"#, "g h", ""])
        #expect(try CommandWords.split(#"x --from="Name <n@x.com>""#) == ["x", "--from=Name <n@x.com>"])
        #expect(throws: CommandWords.Invalid(problem: "names no program")) { try CommandWords.split("   ") }
        #expect(throws: CommandWords.Invalid(problem: "a \" quote is not closed")) { try CommandWords.split("a \"b") }
        #expect(throws: CommandWords.Invalid(problem: "ends with a lone \\")) { try CommandWords.split("a \\") }
        let words = ["/opt/my mail/sendmail", "-t", "it's", ""]
        #expect(try CommandWords.split(CommandWords.join(words)) == words)
    }
}
