import Reporting

/// Which result columns carry people's names, and their pseudonyms: what `--redact` and
/// `--redact-admins` do for every result a command writes (monthly, report run, query,
/// export, workbook, check).
///
/// One ``Redactor`` per kind of person for the whole run, so a name gets the same pseudonym
/// in every table and every sheet. Only the named columns change: free text (subjects,
/// messages) is left as it is.
///
/// ```swift
/// let redaction = PersonalDataRedaction(requesters: true, admins: false, key: key)
/// let shared = redaction.apply(to: table)
/// ```
package struct PersonalDataRedaction: Sendable {
    /// Columns holding a requester's (or owner's) name or email, by SQL name.
    package static let requesterColumns: Set<String> = [
        "name", "email", "cc", "requester", "requester_name", "requester_email", "owner_name", "requestor_name",
        "requestor_email",
    ]
    /// Columns holding an admin's name.
    package static let adminColumns: Set<String> = ["admin", "first_responder"]

    private let requesters: Redactor?
    private let admins: Redactor?

    /// No redaction at all.
    package static let none = PersonalDataRedaction(requesters: false, admins: false, key: [])

    /// - Parameters:
    ///   - requesters: pseudonyms for requesters (implied by `admins`).
    ///   - admins: pseudonyms for admins too.
    ///   - key: the secret behind the pseudonyms; the same key gives the same pseudonyms.
    package init(requesters: Bool, admins: Bool, key: [UInt8]) {
        self.requesters = requesters || admins ? Redactor(key: key) : nil
        self.admins = admins ? Redactor(key: key, label: "Admin") : nil
    }

    /// Whether anything is redacted at all.
    package var isActive: Bool { requesters != nil || admins != nil }

    package func apply(to table: ResultTable) -> ResultTable {
        var result = table
        if let requesters { result = requesters.redact(table: result, columns: Self.requesterColumns) }
        if let admins { result = admins.redact(table: result, columns: Self.adminColumns) }
        return result
    }

    package func apply(to pack: ReportPack) -> ReportPack {
        var copy = pack
        copy.tables = pack.tables.map(apply(to:))
        return copy
    }

    /// The same redaction one row at a time, for streamed results; nil when no column of
    /// `columns` needs it (rows then pass untouched, at no cost).
    package func rowRedactor(for columns: [ResultColumn]) -> (@Sendable ([CellValue]) -> [CellValue])? {
        var plan: [(index: Int, redactor: Redactor)] = []
        for (index, column) in columns.enumerated() {
            if let admins, Self.adminColumns.contains(column.name) {
                plan.append((index, admins))
            } else if let requesters, Self.requesterColumns.contains(column.name) {
                plan.append((index, requesters))
            }
        }
        guard !plan.isEmpty else { return nil }
        let steps = plan
        return { row in
            var row = row
            for (index, redactor) in steps where index < row.count { row[index] = redactor.redact(row[index]) }
            return row
        }
    }
}
