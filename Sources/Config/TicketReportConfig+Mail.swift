import Foundation

extension TicketReportConfig {
    static let mailKeys = ["to", "from", "subject", "sendmail"]

    /// `mail: { to: [...], from: ..., subject: ..., sendmail: ... }`, each value checked with its line.
    static func parseMail(_ value: YAMLValue, source: YAMLSource<ConfigurationError>) throws(ConfigurationError)
        -> MailSettings
    {
        let entries = try value.entries("mail", in: source)
        try entries.checkKeys(mailKeys, path: "mail", in: source)
        var mail = MailSettings()
        if let to = entries["to"] {
            let items: [(text: String, line: Int)]
            if case .list(let values) = to.content {
                items = try values.enumerated().map { index, item throws(ConfigurationError) in
                    (try item.text("mail.to[\(index)]", in: source), item.line)
                }
            } else {
                // One address, or several separated by commas as on the command line.
                let text = try to.text("mail.to", in: source)
                items = text.split(separator: ",").map { (String($0), to.line) }
            }
            for (index, item) in items.enumerated() {
                do {
                    mail.to.append(try MailAddress(parsing: item.text))
                } catch {
                    throw source.error(
                        item.line, "mail.to[\(index)]", "\(MailAddress.quoted(item.text)) \(error.problem)")
                }
            }
            guard !mail.to.isEmpty else {
                throw source.error(to.line, "mail.to", "list at least one address, e.g. [lead@example.com]")
            }
        }
        if let from = entries["from"] {
            let text = try from.text("mail.from", in: source)
            do {
                mail.from = try MailAddress(parsing: text)
            } catch {
                throw source.error(from.line, "mail.from", "\(MailAddress.quoted(text)) \(error.problem)")
            }
        }
        if let subject = entries["subject"] {
            let text = try subject.text("mail.subject", in: source)
            if let problem = MailSettings.problem(withSubject: text) {
                throw source.error(subject.line, "mail.subject", problem)
            }
            mail.subject = text
        }
        if let sendmail = entries["sendmail"] {
            let text = try sendmail.text("mail.sendmail", in: source)
            do {
                mail.sendmail = try CommandWords.split(text)
            } catch {
                throw source.error(
                    sendmail.line, "mail.sendmail", "\(error.problem) (e.g. \"/usr/sbin/sendmail -t -i\")")
            }
        }
        return mail
    }

    /// The `config check` line for `mail:`.
    var mailSummaryLine: String {
        let program = CommandWords.join(mail.sendmail)
        guard !mail.to.isEmpty else {
            return "mail: off (monthly mails only with --mail-to; sendmail: \(program))"
        }
        var parts = ["to " + mail.to.map(\.description).joined(separator: ", ")]
        parts.append("from " + (mail.from?.description ?? "the mail system's default"))
        if let subject = mail.subject { parts.append("subject \"\(subject)\"") }
        parts.append("via \(program)")
        return "mail: " + parts.joined(separator: "; ")
    }
}
