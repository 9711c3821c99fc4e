import Config
import Foundation

/// One e-mail as sendmail and mail readers take it: headers, then `multipart/mixed` holding a
/// `multipart/alternative` body (plain text and HTML, quoted-printable) and the attachments
/// (base64). Rendered with CRLF line ends, no line over 998 characters, text in UTF-8.
///
/// ```swift
/// let message = MailMessage(
///     from: nil, to: [try MailAddress(parsing: "lead@example.com")], subject: "Support report 2026-10",
///     plainText: "…", html: "<!DOCTYPE html>…",
///     attachments: [.init(filename: "support-2026-10.xlsx", data: bytes)])
/// let bytes = try message.rendered()
/// ```
struct MailMessage {
    struct Attachment {
        var filename: String
        var data: Data

        /// The content type mail readers open the file with, from its extension.
        var contentType: String {
            switch (filename as NSString).pathExtension.lowercased() {
            case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case "html", "htm": return "text/html; charset=utf-8"
            case "csv": return "text/csv; charset=utf-8"
            case "json": return "application/json"
            case "pdf": return "application/pdf"
            default: return "application/octet-stream"
            }
        }
    }

    var from: MailAddress?
    var to: [MailAddress]
    var subject: String
    var date = Date()
    var timeZone = TimeZone.current
    /// The Message-ID without its angle brackets; made from a UUID and the sender's domain when nil.
    var messageID: String?
    var plainText: String
    var html: String
    var attachments: [Attachment] = []

    /// The message's bytes. Throws when a header value could carry a line break (nothing
    /// that passed the address and subject checks does; this guards every other caller).
    func rendered() throws(MailError) -> Data {
        for address in (from.map { [$0] } ?? []) + to {
            guard (try? MailAddress(parsing: address.description)) == address else {
                throw MailError(
                    .invalidInput, "\(MailAddress.quoted(address.description)) is not a valid e-mail address")
            }
        }
        if let problem = MailSettings.problem(withSubject: subject) {
            throw MailError(.invalidInput, "the subject \(problem)")
        }
        let crlf = MIMEEncoding.crlf
        let token = Self.randomToken()
        // "=_" never occurs in quoted-printable or base64 text, so no body line can match a boundary.
        let mixed = "=_ticketreport_mixed_\(token)"
        let alternative = "=_ticketreport_alt_\(token)"

        var text = ""
        if let from { text += MIMEEncoding.header("From", Self.addressWords([from])) }
        if !to.isEmpty { text += MIMEEncoding.header("To", Self.addressWords(to)) }
        text += MIMEEncoding.header("Subject", MIMEEncoding.headerWords(subject))
        text += "Date: \(MIMEEncoding.date(date, timeZone: timeZone))\(crlf)"
        text += "Message-ID: <\(messageID ?? Self.newMessageID(from: from))>\(crlf)"
        text += "MIME-Version: 1.0\(crlf)"
        // RFC 3834: a report, not a person; vacation responders stay quiet.
        text += "Auto-Submitted: auto-generated\(crlf)"
        text += "Content-Type: multipart/mixed;\(crlf) boundary=\"\(mixed)\"\(crlf)"
        text += crlf
        text += "This is a MIME message: a report in plain text and HTML, with attachments.\(crlf)"

        text += "--\(mixed)\(crlf)"
        text += "Content-Type: multipart/alternative;\(crlf) boundary=\"\(alternative)\"\(crlf)\(crlf)"
        for (type, body) in [("text/plain", plainText), ("text/html", html)] {
            text += "--\(alternative)\(crlf)"
            text += "Content-Type: \(type); charset=utf-8\(crlf)"
            text += "Content-Transfer-Encoding: quoted-printable\(crlf)\(crlf)"
            text += MIMEEncoding.quotedPrintable(body)
        }
        text += "--\(alternative)--\(crlf)"

        for attachment in attachments {
            let name = TextSanitizer.forHTML(attachment.filename)
            text += "--\(mixed)\(crlf)"
            text += "Content-Type: \(attachment.contentType);\(crlf) \(MIMEEncoding.parameter("name", name))\(crlf)"
            text += "Content-Transfer-Encoding: base64\(crlf)"
            text += "Content-Disposition: attachment;\(crlf) \(MIMEEncoding.parameter("filename", name))\(crlf)\(crlf)"
            text += MIMEEncoding.base64Lines(attachment.data)
        }
        text += "--\(mixed)--\(crlf)"
        return Data(text.utf8)
    }

    /// `"Name" <a@x.com>, b@y.com`, one word per piece so folding happens between addresses.
    private static func addressWords(_ addresses: [MailAddress]) -> [String] {
        var words: [String] = []
        for (index, address) in addresses.enumerated() {
            let comma = index < addresses.count - 1 ? "," : ""
            if let name = address.displayName {
                words += MIMEEncoding.phrase(name)
                words.append("<\(address.address)>\(comma)")
            } else {
                words.append(address.address + comma)
            }
        }
        return words
    }

    private static func newMessageID(from: MailAddress?) -> String {
        let domain =
            from.map { String($0.address.split(separator: "@").last ?? "") }
            ?? hostDomain()
        return "\(UUID().uuidString.lowercased()).ticketreport@\(domain)"
    }

    /// This machine's name when it can stand as a domain, else `localhost`.
    private static func hostDomain() -> String {
        let host = ProcessInfo.processInfo.hostName
        if let address = try? MailAddress(parsing: "x@\(host)") {
            return String(address.address.dropFirst(2))
        }
        return "localhost"
    }

    private static func randomToken() -> String {
        (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
    }
}
