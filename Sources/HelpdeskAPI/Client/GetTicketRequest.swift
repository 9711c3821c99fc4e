import MultipartKit
import NIOHTTP1

/// The bytes of one Get Ticket request, independent of any HTTP library.
///
/// For example, the API page's own style:
///
///     let request = GetTicketRequest(lookup: .id(1), credentials: .bearer(token: token))
///     request.headers   // [("Authorization", "Bearer …"), ("Content-Type", "multipart/form-data; boundary=…")]
package struct GetTicketRequest: Sendable {
    package let headers: [(name: String, value: String)]
    package let body: [UInt8]

    package init(lookup: TicketLookup, sort: RepliesSort = .ascending, credentials: HelpdeskCredentials) {
        var fields: [(String, String)] = []
        switch lookup {
        case .id(let id): fields.append(("ticketid", String(id)))
        case .number(let number): fields.append(("ticketnum", number))
        }
        fields.append(("repliessort", sort.rawValue))

        switch credentials {
        case .bearer(let token):
            let boundary = "ticketreport-\(UInt64.random(in: 1...UInt64.max))"
            let parts = fields.map { name, value in
                MultipartPart(
                    headers: ["Content-Disposition": "form-data; name=\"\(name)\""], body: Array(value.utf8))
            }
            // Serializing a handful of in-memory parts cannot fail; an empty body would
            // simply be rejected by the server as a bad request.
            let body = (try? MultipartSerializer().serialize(parts: parts, boundary: boundary)) ?? ""
            self.body = Array(body.utf8)
            self.headers = [
                ("Authorization", "Bearer \(token)"),
                ("Content-Type", "multipart/form-data; boundary=\(boundary)"),
                ("Accept", "application/json"),
                // The API page's examples send it; some installs answer only such requests.
                ("X-Requested-With", "XMLHttpRequest"),
            ]
        case .whmcs(let identifier, let secret, let accessKey):
            self.body = classicFormBody(
                action: "GetTicket", identifier: identifier, secret: secret, accessKey: accessKey, fields: fields)
            self.headers = classicFormHeaders
        }
    }
}

/// The headers of a classic WHMCS API call (`includes/api.php`).
let classicFormHeaders = [
    ("Content-Type", "application/x-www-form-urlencoded"),
    ("Accept", "application/json"),
]

/// A classic WHMCS API call's form: the action, the API credentials, JSON answers, then `fields`.
func classicFormBody(action: String, identifier: String, secret: String, accessKey: String?, fields: [(String, String)])
    -> [UInt8]
{
    let all =
        [("action", action), ("identifier", identifier), ("secret", secret), ("responsetype", "json")]
        + (accessKey.map { [("accesskey", $0)] } ?? []) + fields
    return Array(all.map { "\(formEncode($0))=\(formEncode($1))" }.joined(separator: "&").utf8)
}

/// `application/x-www-form-urlencoded` escaping: unreserved characters pass, the rest is %XX.
func formEncode(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        case UInt8(ascii: " "):
            out += "+"
        default:
            let hex = Array("0123456789ABCDEF".utf8)
            out += "%"
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
        }
    }
    return out
}
