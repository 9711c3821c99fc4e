import Foundation
import Reporting
import Testing

/// Ad-hoc SQL: read-only statements run with bound parameters; anything that could write
/// is refused before it runs, and the store file is left byte for byte as it was.
@Suite struct QueryTests {
    let store: TemporaryStore
    let runner: ReportRunner

    init() throws {
        store = try TemporaryStore.dataset()
        runner = try store.runner()
    }

    /// The store file and its WAL/SHM siblings, as bytes.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store.folder.path) {
            files[name] = try Data(contentsOf: store.folder.appendingPathComponent(name))
        }
        return files
    }

    @Test(arguments: [
        "DROP TABLE tickets",
        "INSERT INTO store_meta (key, value) VALUES ('k', 'v')",
        "UPDATE tickets SET status = 'Closed'",
        "DELETE FROM tickets",
        "ATTACH DATABASE 'other.sqlite' AS other",
        "DETACH DATABASE main",
        "PRAGMA writable_schema=1",
        "PRAGMA query_only = OFF",
        "CREATE TABLE x (a)",
        "CREATE TEMP TABLE x (a)",
        "VACUUM",
        "REINDEX",
        "BEGIN",
        "WITH gone AS (SELECT ticket_id FROM tickets) DELETE FROM tickets WHERE ticket_id IN gone",
        "WITH t AS (SELECT 1) INSERT INTO store_meta SELECT 'k', 'v' FROM t",
        "  /* leading comment */ -- and another\n drop table tickets",
    ])
    func writesAreRefused(_ sql: String) throws {
        let before = try snapshot()
        do {
            _ = try runner.runQuery(sql: sql)
            Issue.record("ran: \(sql)")
        } catch {
            #expect(error.kind == .queryRefused)
            #expect(error.description == "query refused: only read-only SQL (SELECT/WITH) runs through `query`")
        }
        #expect(try snapshot() == before)
    }

    @Test(arguments: [
        "SELECT 1; DROP TABLE tickets",
        "SELECT count(*) FROM tickets;\nDELETE FROM replies;",
        "SELECT 1; SELECT 2",
    ])
    func severalStatementsAreRefused(_ sql: String) throws {
        let before = try snapshot()
        do {
            _ = try runner.runQuery(sql: sql)
            Issue.record("ran: \(sql)")
        } catch {
            #expect(error.kind == .queryRefused)
            #expect(
                error.description.hasPrefix("query refused: one statement at a time (a second statement starts on line")
            )
        }
        #expect(try snapshot() == before)
        #expect(try runner.runQuery(sql: "SELECT count(*) FROM tickets").rows == [[.integer(12)]])
    }

    @Test func theReadOnlyConnectionIsTheLastLine() throws {
        // Even a statement that slipped past the checks could not write: SQLite refuses.
        let reader = try store.reader()
        #expect(throws: (any Error).self) {
            try reader.reader.read { db in try db.execute(sql: "DELETE FROM tickets") }
        }
    }

    @Test func selectRunsWithInferredColumnFormats() throws {
        let table = try runner.runQuery(
            sql:
                "SELECT 1 AS i, 1.5 AS r, '2026-10-01' AS d, '2026-10-01 10:00:00' AS dt, 'x' AS t, NULL AS n, x'00ff' AS b"
        )
        #expect(table.name == "query")
        #expect(table.title == "Query")
        #expect(table.columns.map(\.format) == [.integer, .number, .date, .datetime, .text, .text, .text])
        #expect(
            table.rows == [
                [
                    .integer(1), .real(1.5), .text("2026-10-01"), .text("2026-10-01 10:00:00"), .text("x"), .null,
                    .text("x'00FF'"),
                ]
            ])
        // Integers and reals mixed in one column are numbers; text among numbers is text.
        let mixed = try runner.runQuery(sql: "VALUES (1, 1), (2.5, 'a')")
        #expect(mixed.columns.map(\.format) == [.number, .text])
        // Identifiers are labels, not quantities.
        let ids = try runner.runQuery(sql: "SELECT ticket_id, count(*) AS n FROM replies GROUP BY ticket_id")
        #expect(ids.columns.map(\.format) == [.text, .integer])
        #expect(ids.rows.first?.first == .integer(101))
    }

    @Test func parametersAreBoundNeverSpliced() throws {
        let hostile = "x'); DROP TABLE tickets; --"
        let table = try runner.runQuery(
            sql: "SELECT :who AS who, :n + 1 AS next, :f * 2 AS twice, typeof(:n) AS kind",
            params: ["who": hostile, "n": "41", "f": "0.25"])
        #expect(table.rows == [[.text(hostile), .integer(42), .real(0.5), .text("integer")]])
        #expect(try runner.runQuery(sql: "SELECT count(*) FROM tickets").rows == [[.integer(12)]])
    }

    @Test func aMissingParameterIsNamed() {
        #expect(throws: ReportError(.invalidParameter, "query uses :status; give --param status=…")) {
            try runner.runQuery(sql: "SELECT * FROM tickets WHERE status = :status")
        }
    }

    @Test func monthNamesFollowTheMonth() throws {
        let sql =
            "SELECT count(*) AS n, :month_start AS s, :month_end AS e FROM tickets WHERE opened_at >= :month_start AND opened_at < :month_end"
        let october = try runner.runQuery(
            sql: sql, arguments: ReportArguments(month: ReportMonth(year: 2026, month: 10)))
        #expect(october.rows == [[.integer(10), .text("2026-10-01 00:00:00"), .text("2026-11-01 00:00:00")]])
        // No month given: the last complete month in the store.
        let byDefault = try runner.runQuery(sql: sql)
        #expect(byDefault.rows == october.rows)
        let range = try runner.runQuery(
            sql: "SELECT count(*) FROM tickets WHERE opened_at >= :from AND opened_at < :to_end",
            arguments: try ReportArguments.parse(month: nil, from: "2026-10-01", to: "2026-10-05", params: []))
        #expect(range.rows == [[.integer(2)]])  // 105 (2 Oct) and 101 (5 Oct)
    }

    @Test func aSavedQueryWithAHeaderUsesItsDeclarations() throws {
        let sql = """
            /*
            title: Tickets in a status
            params: { status: { type: string, default: Open } }
            columns: { n: { label: Tickets, format: integer } }
            */
            SELECT count(*) AS n FROM tickets WHERE status = :status;
            """
        let table = try runner.runQuery(
            sql: sql, arguments: ReportArguments(), name: "by-status", file: "queries/by-status.sql")
        #expect(table.title == "Tickets in a status")
        #expect(table.columns == [ResultColumn(name: "n", label: "Tickets", format: .integer)])
        #expect(table.rows == [[.integer(2)]])  // 103, 112
        #expect(table.parameters.map(\.value) == ["Open"])
        #expect(
            throws: ReportError(
                .invalidParameter, "report \"by-status\" has no parameter \"other\" (its parameters: status)")
        ) {
            try runner.runQuery(sql: sql, arguments: ReportArguments(values: ["other": "1"]), name: "by-status")
        }
    }

    @Test func emptyQuery() {
        #expect(throws: ReportError(.queryRefused, "query is empty: write one SELECT statement")) {
            try runner.runQuery(sql: "  -- nothing\n")
        }
    }
}
