import Foundation
import GRDB
import Reporting
import Testing
import TicketStore

@Suite struct SchemaDocumentationTests {
    /// Every table and column of a freshly migrated store, with its declared type.
    func realSchema() throws -> [String: [(name: String, type: String)]] {
        let store = try TemporaryStore().write([])
        let reader = try store.reader()
        return try reader.reader.read { db in
            let tables = try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name"
            )
            var schema: [String: [(String, String)]] = [:]
            for table in tables {
                schema[table] = try Row.fetchAll(
                    db, sql: "SELECT name, type FROM pragma_table_info(?)", arguments: [table]
                )
                .map { ($0["name"], $0["type"]) }
            }
            return schema
        }
    }

    @Test func itDocumentsEveryColumnOfTheRealSchemaAndNothingElse() throws {
        let real = try realSchema()
        let documented = SchemaDocumentation.tables
        #expect(Set(documented.map(\.name)) == Set(real.keys), "tables in the store vs in SchemaDocumentation")
        for table in documented {
            let columns = real[table.name] ?? []
            #expect(
                table.columns.map(\.name) == columns.map(\.name),
                "\(table.name): document the columns in the table's order")
            #expect(table.columns.map(\.type) == columns.map(\.type), "\(table.name): declared types")
            #expect(table.columns.allSatisfy { !$0.meaning.isEmpty && !$0.meaning.contains("\n") })
        }
    }

    @Test func theTextNamesEveryColumn() {
        let text = SchemaDocumentation.text()
        for table in SchemaDocumentation.tables {
            #expect(text.contains("\(table.name) — "))
            for column in table.columns { #expect(text.contains("  \(column.name) ")) }
        }
    }

    /// The README carries the generated schema section
    /// between markers; it must be what `SchemaDocumentation.markdown()` renders today.
    /// `REGENERATE_DOCS=1 swift test --skip-build --filter SchemaDocumentationTests` rewrites it.
    @Test func theDocumentedSchemaSectionIsCurrent() throws {
        let root = CatalogTests.repositoryRoot
        let regenerate = ProcessInfo.processInfo.environment["REGENERATE_DOCS"] == "1"
        var checked = 0
        for name in ["README.md"] {
            let url = root.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8),
                let start = text.range(of: "<!-- schema:begin -->\n"), let end = text.range(of: "<!-- schema:end -->")
            else { continue }
            checked += 1
            let current = SchemaDocumentation.markdown()
            if regenerate {
                try text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: current)
                    .write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            #expect(
                String(text[start.upperBound..<end.lowerBound]) == current,
                "\(name): regenerate the schema section (REGENERATE_DOCS=1 swift test --filter SchemaDocumentationTests)"
            )
        }
        #expect(checked > 0, "no file carries the <!-- schema:begin --> section")
    }
}
