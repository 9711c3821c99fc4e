import Crypto
import Foundation
import Reporting

/// Replaces names and email addresses with stable pseudonyms before a report leaves the building.
///
/// A pseudonym is derived from HMAC-SHA256 of the (trimmed, case-folded) original under a
/// secret `key`, so the same person gets the same pseudonym in every table and on every run
/// with the same key: "Jane Doe" → "Requester 041279", "jane@x.com" →
/// "requester-830112@example.invalid". Values containing "@" are treated as emails. Callers
/// choose the columns:
///
/// ```swift
/// let redactor = Redactor(key: key)
/// let shared = redactor.redact(table: table, columns: ["requester", "email"])
/// ```
///
/// Without the key, a pseudonym cannot be traced back by hashing a list of known names. Two
/// people whose numbers collide are kept apart within one Redactor (the second moves to the
/// next free number), which is the only case where a pseudonym can depend on the order seen.
package final class Redactor: @unchecked Sendable {
    /// The label for names, e.g. "Requester" or "Agent".
    package let label: String
    /// The domain for pseudonymous emails; `.invalid` can never be delivered to.
    package let emailDomain: String
    private let key: SymmetricKey
    private let modulus: UInt64
    private let digits: Int
    private let lock = NSLock()
    // Guarded by `lock`: number → normalized original, and the reverse.
    private var owners: [UInt64: String] = [:]
    private var assigned: [String: UInt64] = [:]

    /// - Parameters:
    ///   - key: the HMAC key; the same key gives the same pseudonyms.
    ///   - digits: the pseudonym's number width (4–12); 6 keeps collisions rare.
    package init(key: [UInt8], label: String = "Requester", emailDomain: String = "example.invalid", digits: Int = 6) {
        self.key = SymmetricKey(data: key)
        self.label = label
        self.emailDomain = emailDomain
        self.digits = min(12, max(4, digits))
        var modulus: UInt64 = 1
        for _ in 0..<self.digits { modulus *= 10 }
        self.modulus = modulus
    }

    /// The pseudonym for a name or email; empty text stays empty.
    package func pseudonym(for original: String) -> String {
        let normalized = Self.normalize(original)
        guard !normalized.isEmpty else { return original }
        let number = self.number(for: normalized)
        let padded = String(repeating: "0", count: max(0, digits - String(number).count)) + String(number)
        if normalized.contains("@") {
            return "\(label.lowercased().replacingOccurrences(of: " ", with: "-"))-\(padded)@\(emailDomain)"
        }
        return "\(label) \(padded)"
    }

    /// The cell with text replaced by its pseudonym; numbers and NULL are kept.
    package func redact(_ value: CellValue) -> CellValue {
        guard case .text(let text) = value else { return value }
        return .text(pseudonym(for: text))
    }

    /// The table with every text cell in `columns` (by SQL name) replaced by its pseudonym.
    package func redact(table: ResultTable, columns: Set<String>) -> ResultTable {
        let indices = table.columns.indices.filter { columns.contains(table.columns[$0].name) }
        guard !indices.isEmpty else { return table }
        var table = table
        table.rows = table.rows.map { row in
            var row = row
            for index in indices where index < row.count { row[index] = redact(row[index]) }
            return row
        }
        return table
    }

    private func number(for normalized: String) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if let number = assigned[normalized] { return number }
        var number = Self.hash(normalized, key: key) % modulus
        while let owner = owners[number], owner != normalized {
            number = (number + 1) % modulus
        }
        owners[number] = normalized
        assigned[normalized] = number
        return number
    }

    /// Trimmed, whitespace collapsed, case-folded: "  Jane  DOE " and "jane doe" are one person.
    static func normalize(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    /// The first 8 bytes of HMAC-SHA256(key, UTF-8 text), as a number.
    static func hash(_ text: String, key: SymmetricKey) -> UInt64 {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)
        return mac.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
