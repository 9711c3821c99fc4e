import Foundation
import Reporting
import Testing

@testable import Exporters

@Suite("CSV")
struct CSVTests {
    static let table = ResultTable(
        name: "t", title: "T",
        columns: [
            ResultColumn(name: "subject"), ResultColumn(name: "n", format: .integer),
            ResultColumn(name: "x", format: .number),
        ],
        rows: [
            [.text("plain"), .integer(-5), .real(0.1)],
            [.text("=1+2"), .integer(1), .real(-2.5)],
            [.text("+cmd"), .null, .real(1e-7)],
            [.text("-10"), .integer(Int64.max), .real(3)],
            [.text("@SUM(A1)"), .integer(0), .null],
            [.text("\tTab"), .integer(0), .null],
            [.text("\rCR"), .integer(0), .null],
            [.text("a,b"), .integer(0), .null],
            [.text("say \"hi\""), .integer(0), .null],
            [.text("two\nlines"), .integer(0), .null],
            [.text("=HYPERLINK(\"http://x\",\"y\")"), .integer(0), .null],
            [.text("ünï 中文 💬"), .integer(0), .null],
        ])

    @Test func quotingFormulaGuardAndLineEnds() throws {
        let csv = try CSVExporter.render(table: Self.table)
        let expected =
            [
                "subject,n,x",
                "plain,-5,0.1",
                "'=1+2,1,-2.5",
                "'+cmd,,1e-07",
                "'-10,9223372036854775807,3.0",
                "'@SUM(A1),0,",
                "'\tTab,0,",
                "\"'\rCR\",0,",
                "\"a,b\",0,",
                "\"say \"\"hi\"\"\",0,",
                "\"two\nlines\",0,",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",0,",
                "ünï 中文 💬,0,",
            ].joined(separator: "\r\n") + "\r\n"
        #expect(csv == expected)
    }

    @Test func independentParserReadsTheSameFields() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("out.csv")
        try CSVExporter.write(table: Self.table, to: url)
        #expect(try folder.contents() == ["out.csv"])
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8") as f:
                print(json.dumps(list(csv.reader(f))))
            """
        let rows = try JSONDecoder().decode([[String]].self, from: PythonReaders.run(script, [url.path]))
        #expect(rows.count == Self.table.rows.count + 1)
        #expect(rows[0] == ["subject", "n", "x"])
        #expect(rows[8][0] == "a,b")
        #expect(rows[9][0] == "say \"hi\"")
        #expect(rows[10][0] == "two\nlines")
        #expect(rows[11][0] == "'=HYPERLINK(\"http://x\",\"y\")")
        #expect(rows.allSatisfy { $0.count == 3 })
    }

    @Test func guardCanBeTurnedOff() throws {
        let table = ResultTable(name: "t", title: "T", columns: [ResultColumn(name: "a")], rows: [[.text("=1")]])
        #expect(try CSVExporter.render(table: table, guardsFormulas: false) == "a\r\n=1\r\n")
    }

    @Test func streamingWriterFailsCleanlyOnABadRow() throws {
        let folder = try TemporaryFolder()
        let writer = CSVWriter(output: try .file(folder.file("bad.csv")))
        try writer.begin(columns: [ResultColumn(name: "a")])
        try writer.append([.integer(1)])
        #expect(throws: ExportError.self) { try writer.append([.integer(1), .integer(2)]) }
        #expect(try folder.contents().isEmpty)
    }

    @Test func streamsManyRowsWithoutHoldingThem() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("many.csv")
        let writer = CSVWriter(output: try .file(url))
        try writer.begin(columns: [ResultColumn(name: "n", format: .integer)])
        for n in 1...100_000 { try writer.append([.integer(Int64(n))]) }
        try writer.finish()
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasSuffix("\r\n99999\r\n100000\r\n"))
        #expect(text.utf8.filter { $0 == 0x0A }.count == 100_001)
    }
}

@Suite("JSON")
struct JSONTests {
    @Test func roundTripsThroughJSONSerialization() throws {
        let table = ResultTable(
            name: "frt", title: "FRT", parameters: [("month", "2026-10"), ("dept", "Bill\"ing")],
            columns: [
                ResultColumn(name: "department", label: "Department"),
                ResultColumn(name: "n", label: "Tickets", format: .integer),
                ResultColumn(name: "median_h", label: "Median (h)", format: .hours),
                ResultColumn(name: "n", label: "Again", format: .integer),
            ],
            rows: [
                [
                    .text("Billing \"quoted\" \\ \u{0}\u{1}\u{1F}\n\t\u{2028}💬"), .integer(Int64.max), .real(0.1 + 0.2),
                    .integer(1),
                ],
                [.null, .integer(-3), .real(.nan), .null],
                [.text(""), .integer(0), .real(1e300), .integer(2)],
                [.text("x"), .integer(1), .real(.leastNonzeroMagnitude), .integer(3)],
            ])
        let json = try JSONExporter.render(table: table)
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })

        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["report"] as? String == "frt")
        #expect(object["params"] as? [String: String] == ["month": "2026-10", "dept": "Bill\"ing"])
        let columns = try #require(object["columns"] as? [[String: String]])
        #expect(columns.map { $0["name"] } == ["department", "n", "median_h", "n_2"])
        #expect(columns.map { $0["label"] } == ["Department", "Tickets", "Median (h)", "Again"])
        #expect(columns.map { $0["format"] } == ["text", "integer", "hours", "integer"])

        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows[0]["department"] as? String == "Billing \"quoted\" \\ \u{0}\u{1}\u{1F}\n\t\u{2028}💬")
        #expect((rows[0]["n"] as? NSNumber)?.int64Value == Int64.max)
        // Foundation's parser on Linux rounds the last digit; the text itself is exact.
        #expect(abs(((rows[0]["median_h"] as? NSNumber)?.doubleValue ?? 0) - 0.3) < 1e-15)
        #expect(json.contains("\"median_h\":0.30000000000000004,"))
        #expect((rows[0]["n_2"] as? NSNumber)?.intValue == 1)
        #expect(rows[1]["department"] is NSNull)
        #expect(rows[1]["median_h"] is NSNull)  // NaN has no JSON form
        #expect((rows[2]["median_h"] as? NSNumber)?.doubleValue == 1e300)
        #expect((rows[3]["median_h"] as? NSNumber)?.doubleValue == .leastNonzeroMagnitude)
        // Integers are written as integers, not as 1.0.
        #expect(json.contains("\"n\":-3,"))
    }

    @Test func pythonAgreesOnNumbersAndStrings() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("r.json")
        let table = ResultTable(
            name: "r", title: "R", columns: [ResultColumn(name: "v", format: .number), ResultColumn(name: "s")],
            rows: [[.real(0.1 + 0.2), .text("\u{1}<&>")], [.integer(9_007_199_254_740_993), .null]])
        try JSONExporter.write(table: table, to: url)
        let script = """
            import json, sys
            d = json.load(open(sys.argv[1], encoding="utf-8"))
            print(json.dumps([repr(d["rows"][0]["v"]), d["rows"][0]["s"], str(d["rows"][1]["v"]), d["rows"][1]["s"]]))
            """
        let values = try JSONDecoder().decode([String?].self, from: PythonReaders.run(script, [url.path]))
        #expect(values == ["0.30000000000000004", "\u{1}<&>", "9007199254740993", nil])
    }
}
