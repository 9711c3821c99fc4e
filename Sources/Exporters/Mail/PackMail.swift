import Config
import Foundation
import Reporting

/// Mails a written pack: one message with the KPI tiles and highlights as plain text and as
/// e-mail-safe HTML (with the key tables), and the pack's files attached as they were written.
///
/// Called after the files are in place, so a mail system that fails leaves the pack on disk
/// and the error says where:
///
/// ```swift
/// let mail = PackMail(to: [try MailAddress(parsing: "lead@example.com")], from: nil, subject: nil)
/// let line = try mail.deliver(pack, attachments: files, to: .sendmail(["/usr/sbin/sendmail", "-t", "-i"]))
/// // "Mailed the 2026-10 pack to lead@example.com via /usr/sbin/sendmail"
/// ```
package struct PackMail: Sendable {
    /// Where the message goes.
    package enum Destination: Sendable, Equatable {
        /// A sendmail-compatible program and its arguments.
        case sendmail([String])
        /// An `.eml` file, written atomically; a folder gets `<pack file name>.eml` inside it.
        case file(String)
    }

    package var to: [MailAddress]
    /// Nil leaves From: to the mail system (the local user, as for cron mail).
    package var from: MailAddress?
    /// The subject with `{period}` and `{source}` filled in; nil for `defaultSubject`.
    package var subject: String?

    package init(to: [MailAddress], from: MailAddress?, subject: String?) {
        self.to = to
        self.from = from
        self.subject = subject
    }

    /// `Support report 2026-10 (Billing desk)`; without a source (every source together),
    /// `Support report 2026-10`.
    package static let defaultSubject = "Support report {period} ({source})"

    /// The subject for `pack`: `{period}` is the pack's period, `{source}` its source; a
    /// `({source})` with no source is left out, a bare `{source}` reads "all sources".
    package static func subject(for pack: ReportPack, template: String?) -> String {
        var text = template ?? defaultSubject
        if pack.source == nil { text = text.replacingOccurrences(of: " ({source})", with: "") }
        text = text.replacingOccurrences(of: "{period}", with: pack.period)
        text = text.replacingOccurrences(of: "{source}", with: pack.source ?? "all sources")
        return TextSanitizer.forTerminal(text)
    }

    /// The whole message for `pack`, with `attachments` (the files written) read from disk.
    package func message(
        for pack: ReportPack, attachments: [URL], date: Date = Date(), timeZone: TimeZone = .current
    ) throws(MailError) -> Data {
        var files: [MailMessage.Attachment] = []
        for url in attachments {
            guard let data = try? Data(contentsOf: url) else {
                throw MailError(.file, "cannot read \(url.path) to attach it (was it moved while mailing?)")
            }
            files.append(MailMessage.Attachment(filename: url.lastPathComponent, data: data))
        }
        let names = files.map(\.filename)
        let message = MailMessage(
            from: from, to: to, subject: Self.subject(for: pack, template: subject), date: date, timeZone: timeZone,
            plainText: PackMailText.render(pack, attachmentNames: names),
            html: PackMailHTML().render(pack, attachmentNames: names), attachments: files)
        return try message.rendered()
    }

    /// Builds the message and hands it to `destination`; returns the line saying what happened.
    ///
    /// Every failure's message ends with where the pack's files are, since they stay written.
    package func deliver(_ pack: ReportPack, attachments: [URL], to destination: Destination) throws(MailError)
        -> String
    {
        let written = "; the pack files are written: " + attachments.map(\.path).joined(separator: ", ")
        let bytes: Data
        do {
            bytes = try message(for: pack, attachments: attachments)
        } catch {
            throw MailError(error.kind, error.message + written)
        }
        switch destination {
        case .sendmail(let command):
            guard !to.isEmpty else {
                throw MailError(
                    .invalidInput,
                    "no recipients to mail to (give --mail-to or mail.to in ticketreport.yaml, or --eml FILE)\(written)"
                )
            }
            do {
                try Sendmail(command: command).send(bytes, recipients: to)
            } catch {
                throw MailError(.sendmail, Self.describe(error) + written)
            }
            let recipients = to.map(\.address).joined(separator: ", ")
            return "Mailed the \(Self.packName(pack)) pack to \(recipients) via \(command.first ?? "sendmail")"
        case .file(let path):
            let url = Self.emlURL(path, attachments: attachments, pack: pack)
            do {
                let output = try ExportOutput.file(url)
                do {
                    try output.write(bytes: bytes)
                    try output.finish()
                } catch {
                    output.discard()
                    throw error
                }
            } catch {
                throw MailError(.file, "\((error as? ExportError)?.message ?? "cannot write \(url.path)")\(written)")
            }
            return "Wrote \(url.path)"
        }
    }

    /// `--eml` as given, or inside it when it is a folder: the first pack file's name with `.eml`.
    package static func emlURL(_ path: String, attachments: [URL], pack: ReportPack) -> URL {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard path.hasSuffix("/") || (exists && isDirectory.boolValue) else { return URL(fileURLWithPath: path) }
        let stem = attachments.first?.deletingPathExtension().lastPathComponent ?? "support-\(pack.period)"
        return URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent(stem + ".eml")
    }

    private static func packName(_ pack: ReportPack) -> String {
        pack.source.map { "\(pack.period) \($0)" } ?? pack.period
    }

    /// `sendmail failed (exit 75): <its last line>`, `sendmail failed (cannot start …: …)`.
    private static func describe(_ failure: Sendmail.Failure) -> String {
        switch failure {
        case .cannotStart(let program, let reason): return "sendmail failed (cannot start \(program): \(reason))"
        case .exited(let status, let line):
            return "sendmail failed (exit \(status))" + (line.isEmpty ? "" : ": \(line)")
        case .killed(let signal, let line):
            return "sendmail failed (killed by signal \(signal))" + (line.isEmpty ? "" : ": \(line)")
        }
    }
}
