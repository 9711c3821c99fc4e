import ArgumentParser
import Config
import Exporters
import Foundation
import Reporting

/// `--mail-to`, `--mail-from`, `--mail-subject`, `--eml`, `--no-mail`: mailing a pack once it
/// is written, over the configuration's `mail:` for this run.
struct MailOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Mail the pack to these addresses (comma-separated; overrides mail.to).", valueName: "a@x.com,b@y.com"))
    var mailTo: String?

    @Option(help: ArgumentHelp("The sender (overrides mail.from; default: the mail system's).", valueName: "address"))
    var mailFrom: String?

    @Option(
        help: ArgumentHelp(
            "The subject; {period} and {source} are filled in (default: \"Support report {period} ({source})\").",
            valueName: "text"))
    var mailSubject: String?

    @Option(help: ArgumentHelp("Write the message to this file (or folder) instead of mailing it.", valueName: "file"))
    var eml: String?

    @Flag(help: "Mail nothing this run, whatever mail.to says.")
    var noMail = false

    func validate() throws {
        if let mailTo {
            do { _ = try MailAddress.list(parsing: mailTo) } catch {
                throw ValidationError("--mail-to: \(error.problem)")
            }
        }
        if let mailFrom {
            do {
                _ = try MailAddress(parsing: mailFrom)
            } catch {
                throw ValidationError("--mail-from: \(MailAddress.quoted(mailFrom)) \(error.problem)")
            }
        }
        if let mailSubject, let problem = MailSettings.problem(withSubject: mailSubject) {
            throw ValidationError("--mail-subject \(problem)")
        }
        if noMail, mailTo != nil || mailFrom != nil || mailSubject != nil || eml != nil {
            throw ValidationError("--no-mail cannot be combined with --mail-to, --mail-from, --mail-subject or --eml")
        }
    }

    /// Mails `pack` (as written: redacted like its files) with `files` attached, when the flags
    /// or `mail.to` ask for it, and prints what happened. With several packs, each is mailed on
    /// its own to the same recipients.
    func deliver(_ pack: ReportPack, files: [URL], config: TicketReportConfig) throws {
        guard !noMail else { return }
        let to = try mailTo.map { try MailAddress.list(parsing: $0) } ?? config.mail.to
        guard !to.isEmpty || eml != nil else {
            if mailFrom != nil || mailSubject != nil {
                throw MailError(
                    .invalidInput,
                    "--mail-from and --mail-subject need recipients (--mail-to, or mail.to in ticketreport.yaml); nothing was mailed, the pack files are written"
                )
            }
            return
        }
        let mail = PackMail(
            to: to, from: try mailFrom.map { try MailAddress(parsing: $0) } ?? config.mail.from,
            subject: mailSubject ?? config.mail.subject)
        let destination: PackMail.Destination = eml.map { .file($0) } ?? .sendmail(config.mail.sendmail)
        Terminal.out(try mail.deliver(pack, attachments: files, to: destination))
    }
}
