import Foundation

/// The `mail:` key: who gets the monthly pack by e-mail, and how it is handed to the mail system.
///
///     mail:
///       to: [lead@example.com, "Ops Team <ops@example.com>"]
///       from: "Support Reports <reports@example.com>"
///       subject: "Support report {period} ({source})"
///       sendmail: /usr/bin/msmtp -t -i
///
/// With `to` set, `ticketreport monthly` mails each pack it writes; the command-line flags
/// (`--mail-to`, `--mail-from`, `--mail-subject`) override these for one run.
package struct MailSettings: Sendable, Equatable {
    /// What a system with a mail transfer agent offers (Postfix, Exim, msmtp-mta all install it).
    package static let defaultSendmail = ["/usr/sbin/sendmail", "-t", "-i"]

    /// Recipients; empty means `monthly` mails nothing unless `--mail-to` is given.
    package var to: [MailAddress]
    /// The sender; nil leaves the From: header to the mail system (the local user, as for cron mail).
    package var from: MailAddress?
    /// The subject, with `{period}` and `{source}` filled in; nil for the default.
    package var subject: String?
    /// The program and its arguments, run without a shell, the message on its standard input.
    package var sendmail: [String]

    package init(
        to: [MailAddress] = [], from: MailAddress? = nil, subject: String? = nil,
        sendmail: [String] = MailSettings.defaultSendmail
    ) {
        self.to = to
        self.from = from
        self.subject = subject
        self.sendmail = sendmail
    }

    /// Why a subject cannot be used (control characters would end the header), or nil.
    package static func problem(withSubject subject: String) -> String? {
        if subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 }) {
            return "must be one line without control characters"
        }
        if subject.trimmingCharacters(in: .whitespaces).isEmpty { return "must not be empty" }
        if subject.count > 400 { return "is longer than 400 characters" }
        return nil
    }
}
