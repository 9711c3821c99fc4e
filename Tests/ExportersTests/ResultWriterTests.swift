import Exporters
import Foundation
import Reporting
import Testing

@Suite struct ResultWriterTests {
    let table = ResultTable(
        name: "t", title: "People",
        columns: [
            ResultColumn(name: "requester"), ResultColumn(name: "admin"), ResultColumn(name: "n", format: .integer),
        ],
        rows: (1...5).map { [.text("Person \($0)"), .text("Admin \($0)"), .integer(Int64($0))] })

    func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)-\(name)").path
    }

    @Test func theFormatComesFromTheFlagThenTheName() throws {
        #expect(try OutputFormat.resolve(nil, path: nil) == .table)
        #expect(try OutputFormat.resolve(nil, path: "x.HTM") == .html)
        #expect(try OutputFormat.resolve(.csv, path: "x.dat") == .csv)
        #expect(throws: ExportError.self) { try OutputFormat.resolve(nil, path: "x.dat") }
        #expect(throws: ExportError.self) { try OutputFormat.resolve(.xlsx, path: nil) }
        #expect(try PackWriter.formats(parsing: "html, XLSX") == [.html, .xlsx])
        #expect(throws: ExportError.self) { try PackWriter.formats(parsing: "xlsx,csv") }
    }

    /// CSV streams every row unless capped; the summary counts what was dropped.
    @Test func rowsAreCappedAndCounted() throws {
        let path = scratch("capped.csv")
        let writer = ResultWriter(format: .csv, path: path, maxRows: 2, redaction: .none)
        let summary = try writer.write { try $0.send(table) }
        #expect(summary.rows == 5 && summary.written == 2)
        #expect(summary.line(path: path) == "Wrote \(path): 2 rows")
        #expect(summary.notes == ["wrote the first 2 of 5 rows (--max-rows)"])
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == "requester,admin,n\r\nPerson 1,Admin 1,1\r\nPerson 2,Admin 2,2\r\n")
    }

    /// Only the people columns change, the same person the same way, and only when asked.
    @Test func redactionRewritesPeopleColumnsOnly() throws {
        let path = scratch("redacted.csv")
        let redaction = PersonalDataRedaction(requesters: true, admins: false, key: Array("k".utf8))
        _ = try ResultWriter(format: .csv, path: path, redaction: redaction).write { try $0.send(table) }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n")
        #expect(lines[1].hasPrefix("Requester "))
        #expect(lines[1].hasSuffix(",Admin 1,1"))
        #expect(PersonalDataRedaction.none.rowRedactor(for: table.columns) == nil)
    }

    /// A failure while rows stream leaves no file behind.
    @Test func aFailedWriteLeavesNoFile() throws {
        struct Broken: Error {}
        let path = scratch("broken.xlsx")
        #expect(throws: Broken.self) {
            _ = try ResultWriter(format: .xlsx, path: path, redaction: .none).write { sink in
                try sink.begin(ResultTable(name: "t", title: "T", columns: table.columns, rows: []))
                try sink.append(table.rows[0])
                throw Broken()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
