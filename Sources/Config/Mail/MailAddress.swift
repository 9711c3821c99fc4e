import Foundation

/// An e-mail address as ticketreport accepts it: `name@example.com` or `Display Name <name@example.com>`.
///
/// The check is deliberately narrower than RFC 5322: one line, an ASCII address with the usual
/// characters, a domain of letters, digits and hyphens, a display name without quotes, commas,
/// angle brackets or backslashes (it may be non-ASCII: the message encodes it). Whatever passes
/// can go into a header and onto a command line as it is, so no header or option can be smuggled in.
///
/// ```swift
/// let address = try MailAddress(parsing: "Support Lead <lead@example.com>")
/// address.address       // "lead@example.com"
/// address.displayName   // "Support Lead"
/// ```
package struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// Why a text is not an address, without the text itself (callers name where it came from).
    package struct Invalid: Error, Sendable, Equatable {
        package var problem: String

        package init(problem: String) { self.problem = problem }
    }

    /// The name shown beside the address, when one was given.
    package var displayName: String?
    /// The bare address, `local@domain`.
    package var address: String

    package init(address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// Parses and checks one address; throws `Invalid` with what is wrong.
    package init(parsing text: String) throws(Invalid) {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 }) {
            throw Invalid(problem: "must be one line without control characters")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw Invalid(problem: "is empty") }
        if let open = trimmed.firstIndex(of: "<") {
            guard trimmed.hasSuffix(">"), trimmed.filter({ $0 == "<" || $0 == ">" }).count == 2 else {
                throw Invalid(problem: "expected Name <name@example.com>")
            }
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            }
            if let bad = name.first(where: { "\"<>,;\\".contains($0) }) {
                throw Invalid(problem: "the name must not contain \(bad)")
            }
            guard name.count <= 200 else { throw Invalid(problem: "the name is longer than 200 characters") }
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            self.address = try Self.checked(String(inner).trimmingCharacters(in: .whitespaces))
            self.displayName = name.isEmpty ? nil : name
        } else {
            self.address = try Self.checked(trimmed)
            self.displayName = nil
        }
    }

    /// Splits a comma-separated list (`a@x.com, Name <b@y.com>`) and parses each address.
    package static func list(parsing text: String) throws(Invalid) -> [MailAddress] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw Invalid(problem: "lists no address")
        }
        var addresses: [MailAddress] = []
        for part in parts where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                addresses.append(try MailAddress(parsing: part))
            } catch {
                throw Invalid(problem: "\(Self.quoted(part)) \(error.problem)")
            }
        }
        return addresses
    }

    /// `Name <address>` or the address, as the user would write it.
    package var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    /// The text in quotes with control characters spelt out, so an error stays one line.
    package static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.trimmingCharacters(in: .whitespaces).unicodeScalars {
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\"": result += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private static let localCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~.-".unicodeScalars)
    private static let domainCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)

    private static func checked(_ address: String) throws(Invalid) -> String {
        let expected = "expected name@example.com"
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw Invalid(problem: "is not an e-mail address (\(expected))")
        }
        let local = parts[0]
        let domain = parts[1]
        guard address.unicodeScalars.allSatisfy(\.isASCII) else {
            throw Invalid(problem: "must be ASCII (write an international domain in its xn-- form)")
        }
        guard address.utf8.count <= 254, local.utf8.count <= 64 else {
            throw Invalid(problem: "is too long for an e-mail address")
        }
        // A leading "-" would read as an option to sendmail; dots may not lead, trail or double.
        guard local.unicodeScalars.allSatisfy({ localCharacters.contains($0) }), !local.hasPrefix("-"),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else {
            throw Invalid(problem: "has characters an address cannot hold before the @ (\(expected))")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63,
                label.unicodeScalars.allSatisfy({ domainCharacters.contains($0) }),
                !label.hasPrefix("-"), !label.hasSuffix("-")
            else {
                throw Invalid(problem: "has no valid domain after the @ (\(expected))")
            }
        }
        return address
    }
}
