import Exporters
import Reporting

/// Which result columns carry people's names, and their pseudonyms: `--redact` and
/// `--redact-admins` for every command that writes results (monthly, report run, query,
/// export, workbook).
///
/// One `Redactor` per kind of person for the whole export, so a name gets the same
/// pseudonym in every table and every sheet. Only the named columns change: free text
/// (subjects, messages) is left as it is.
struct Redaction {
    static let requesterColumns: Set<String> = [
        "name", "email", "cc", "requester", "requester_name", "requester_email", "owner_name", "requestor_name",
        "requestor_email",
    ]
    static let adminColumns: Set<String> = ["admin", "first_responder"]

    private let requesters: Redactor?
    private let admins: Redactor?

    init(redactRequesters: Bool, redactAdmins: Bool) {
        requesters = redactRequesters || redactAdmins ? Redactor() : nil
        admins = redactAdmins ? Redactor(label: "Admin") : nil
    }

    /// Whether anything is redacted at all.
    var isActive: Bool { requesters != nil || admins != nil }

    func apply(to table: ResultTable) -> ResultTable {
        var result = table
        if let requesters { result = requesters.redact(table: result, columns: Self.requesterColumns) }
        if let admins { result = admins.redact(table: result, columns: Self.adminColumns) }
        return result
    }

    func apply(to pack: ReportPack) -> ReportPack {
        var copy = pack
        copy.tables = pack.tables.map(apply(to:))
        return copy
    }

    /// The same redaction one row at a time, for streamed results; nil when no column of
    /// `columns` needs it (rows then pass untouched, at no cost).
    func rowRedactor(for columns: [ResultColumn]) -> (([CellValue]) -> [CellValue])? {
        var plan: [(index: Int, redactor: Redactor)] = []
        for (index, column) in columns.enumerated() {
            if let admins, Self.adminColumns.contains(column.name) {
                plan.append((index, admins))
            } else if let requesters, Self.requesterColumns.contains(column.name) {
                plan.append((index, requesters))
            }
        }
        guard !plan.isEmpty else { return nil }
        return { row in
            var row = row
            for (index, redactor) in plan where index < row.count { row[index] = redactor.redact(row[index]) }
            return row
        }
    }
}
