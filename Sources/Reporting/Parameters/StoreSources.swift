import Foundation
import GRDB
import TicketStore

/// The helpdesk sources a store holds tickets of (`--source NAME` on ingest), for
/// `--source` on reports and the pack's per-source parts.
///
///     try StoreSources.names(in: store)           // ["billing-desk", "support"]
///     try StoreSources.check("suport", in: store) // unknown source "suport" (the store holds: …)
package enum StoreSources {
    /// The distinct sources of `tickets`, sorted; one index seek per source, so it stays
    /// quick on a store of millions of tickets.
    package static func names(in store: TicketStore) throws(ReportError) -> [String] {
        let sql = """
            WITH RECURSIVE known(source) AS (
                SELECT min(source) FROM tickets
                UNION ALL
                SELECT (SELECT min(t.source) FROM tickets AS t WHERE t.source > known.source)
                FROM known WHERE known.source IS NOT NULL
            )
            SELECT source FROM known WHERE source IS NOT NULL
            """
        do {
            return try store.reader.read { db in try String.fetchAll(db, sql: sql) }
        } catch {
            throw ReportError(.store, "cannot read \(store.path): \(ReportRunner.describe(error))")
        }
    }

    /// Checks that `source` is one the store holds tickets of; nil (all sources) passes.
    ///
    /// - Throws: `ReportError.invalidParameter` listing the known sources.
    package static func check(_ source: String?, in store: TicketStore) throws(ReportError) {
        guard let source else { return }
        let known = try names(in: store)
        guard !known.contains(source) else { return }
        let listed =
            known.isEmpty ? "the store holds no tickets yet" : "the store holds: \(known.joined(separator: ", "))"
        throw ReportError(.invalidParameter, "unknown source \"\(source)\" (\(listed))")
    }

    /// A source name as part of a file name: letters, digits, `.`, `_` and `-` kept, anything
    /// else (spaces, slashes, `..`) made `_`, so every source writes inside the output folder.
    ///
    ///     StoreSources.fileSafe("EU / Billing")   // "EU___Billing"
    package static func fileSafe(_ source: String) -> String {
        let kept = source.unicodeScalars.map { scalar -> Character in
            let allowed =
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "_"
        }
        var name = String(kept)
        while name.hasPrefix(".") { name = "_" + name.dropFirst() }
        return name.isEmpty ? "_" : name
    }
}
