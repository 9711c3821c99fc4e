import Foundation
import Reporting
import Testing

@testable import Exporters

@Suite("HTML exporter, parsed back with python's html.parser")
struct HTMLExporterTests {
    static let exporter = HTMLExporter(timeZone: Fixtures.utc)

    /// A pack where every piece of helpdesk text is hostile.
    static func hostilePack() -> ReportPack {
        let hostile = Fixtures.hostile
        var bar = Fixtures.chartTable(.bar)
        bar.rows[0][0] = .text(hostile)
        bar.rows[1][3] = .text("\"quoted\" & 'single' <b>bold</b>")
        bar.title = "Load " + hostile
        bar.description = "Description " + hostile
        bar.parameters = [("month", "2026-10"), ("dept", hostile)]
        var pack = Fixtures.pack(tables: [
            bar, Fixtures.allFormats(), Fixtures.chartTable(.line), Fixtures.chartTable(.heatmap),
        ])
        pack.title = "Pack " + hostile
        pack.tiles[0].label = "Tile " + hostile
        return pack
    }

    @Test func everyValueIsPresentAndEscaped() throws {
        let pack = Self.hostilePack()
        let html = try Self.exporter.render(pack: pack)

        // Raw text: the hostile markup never appears unescaped.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let dump = try PythonReaders.html(html)
        #expect(dump.tags["script"] == nil)
        #expect(dump.tags["b"] == nil)
        #expect(dump.h1 == ["Pack " + Fixtures.hostile])

        // Each table's cells, in order, formatted per column format.
        let expectedRows: [[String]] = [
            [Fixtures.hostile, "120", "100", "a"], ["Sales", "80", "95", "\"quoted\" & 'single' <b>bold</b>"],
            ["Support", "300", "", "c"],
            ["Billing", "1,234", "3.14", "87.5%", "3.5", "1h 30m", "2026-10-01", "2026-10-01 09:30:15"],
            ["=HYPERLINK(\"http://x\",\"y\")", "-7", "-0.50", "25.0%", "12.0", "1d 01h", "0000-00-00", "not a date"],
            ["", "", "", "", "", "", "", ""],
            ["Billing", "120", "100", "a"], ["Sales", "80", "95", "b"], ["Support", "300", "", "c"],
            ["Billing", "120", "100", "a"], ["Sales", "80", "95", "b"], ["Support", "300", "", "c"],
        ]
        #expect(dump.rows == expectedRows)
        #expect(dump.headers.count == 4)
        #expect(dump.headers[1] == ["Name", "Tickets", "Average", "CSAT", "Median (h)", "FRT", "Day", "Opened"])
        // Chart labels are text too: the hostile category shows as text in the SVG.
        #expect(dump.svgTexts.contains { $0.contains("<script>") || $0.hasPrefix("<script") })
    }

    @Test func noExternalReferencesAndAStrictPolicy() throws {
        let html = try Self.exporter.render(pack: Self.hostilePack())
        let dump = try PythonReaders.html(html)

        let csp = dump.meta.first { $0["http-equiv"]??.lowercased() == "content-security-policy" }?["content"] ?? nil
        let policy = try #require(csp)
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("style-src 'unsafe-inline'"))
        #expect(!policy.contains("script-src"))

        let fetching: Set<String> = [
            "src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background",
        ]
        let offending = dump.attributes.filter { fetching.contains($0[1].lowercased()) }
        #expect(offending.isEmpty, "external references: \(offending)")
        #expect(!dump.attributes.contains { $0[1].lowercased().hasPrefix("on") })
        #expect(dump.tags["script"] == nil && dump.tags["link"] == nil && dump.tags["iframe"] == nil)
        #expect(dump.tags["img"] == nil && dump.tags["object"] == nil && dump.tags["embed"] == nil)
        #expect(!dump.style.contains("url("))
        #expect(!dump.style.contains("@import"))
        // The only "http" is the ticket text that merely looks like a link.
        let withoutData = html.replacingOccurrences(of: "HYPERLINK(&quot;http://x", with: "")
        #expect(!withoutData.contains("http:") && !withoutData.contains("https:") && !withoutData.contains("//"))
        #expect(dump.style.contains("@media print"))
        #expect(dump.meta.contains { $0["name"] == "viewport" })
    }

    @Test func chartsAreInlineSVG() throws {
        let html = try Self.exporter.render(pack: Self.hostilePack())
        let dump = try PythonReaders.html(html)
        #expect(dump.tags["svg"] == 3)  // bar, line, heatmap
        #expect(dump.classes.contains("chart chart-bar"))
        #expect(dump.classes.contains("chart chart-line"))
        #expect(dump.classes.contains("chart chart-heatmap"))
        #expect(dump.tags["polyline", default: 0] >= 2)  // one line per y column
        // Bar: 5 bars (one NULL skipped) + 2 legend swatches; line: 2 swatches; heatmap: 3 × 2 cells.
        #expect(dump.tags["rect", default: 0] == 5 + 2 + 2 + 6)
        #expect(dump.svgTexts.contains("Opened") && dump.svgTexts.contains("Closed"))
        #expect(dump.svgTexts.contains("Support"))
    }

    @Test func tilesShowValuePreviousAndColouredDelta() throws {
        let html = try Self.exporter.render(pack: Fixtures.pack(tables: []))
        let dump = try PythonReaders.html(html)
        #expect(dump.tileValues == ["1,250", "1h 30m", "82.0%", "4"])
        #expect(dump.classes.contains("tile neutral"))  // tickets: direction neutral
        #expect(dump.classes.contains("tile good"))  // FRT went down, lower is better
        #expect(dump.classes.contains("tile bad"))  // CSAT went down
        #expect(html.contains("▲</span> +250 (+25.0%)"))
        #expect(html.contains("▼</span> -0h 30m (-25.0%)"))
        #expect(html.contains("▼</span> -3.0 pp"))
        #expect(html.contains("Previous: 1,000"))
        #expect(html.contains("Period: 2026-10"))
        #expect(html.contains("Generated 2026-11-01 08:00 UTC"))
    }

    @Test func numericColumnsAreRightAligned() throws {
        let html = try Self.exporter.render(table: Fixtures.allFormats(), generatedAt: Fixtures.generatedAt)
        #expect(html.contains("<th scope=\"col\">Name</th><th scope=\"col\" class=\"num\">Tickets</th>"))
        #expect(html.contains("<td class=\"num\">1,234</td>"))
        #expect(html.contains("<div class=\"table-wrap\">"))
        // Untyped (ad-hoc) columns holding numbers are aligned as numbers too.
        let adHoc = ResultTable(
            name: "query", title: "Query", columns: [ResultColumn(name: "n"), ResultColumn(name: "s")],
            rows: [[.integer(5), .text("x")]])
        let page = try Self.exporter.render(table: adHoc, generatedAt: Fixtures.generatedAt)
        #expect(page.contains("<td class=\"num\">5</td><td>x</td>"))
    }

    @Test func controlCharactersAreReplaced() throws {
        let table = ResultTable(
            name: "t", title: "T\u{0}", columns: [ResultColumn(name: "s")],
            rows: [[.text("a\u{1}b\u{7F}c\u{85}d\u{FFFE}e\nf")]])
        let html = try Self.exporter.render(table: table, generatedAt: Fixtures.generatedAt)
        #expect(!html.unicodeScalars.contains { TextSanitizer.isHTMLForbidden($0.value) })
        let dump = try PythonReaders.html(html)
        #expect(dump.rows == [["a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\nf"]])
    }

    @Test func longTablesAreCutWithANote() throws {
        var table = Fixtures.chartTable(.bar)
        table.chart = nil
        table.rows = (1...25).map { [.text("d\($0)"), .integer(Int64($0)), .null, .null] }
        let html = try HTMLExporter(maxRowsPerTable: 10, timeZone: Fixtures.utc).render(table: table)
        let dump = try PythonReaders.html(html)
        #expect(dump.rows.count == 10)
        #expect(html.contains("Showing the first 10 of 25 rows"))
    }

    @Test func templatesCanBeOverriddenOneByOne() throws {
        let folder = try TemporaryFolder()
        try Data("<header class=\"custom\"><h1>Custom: {{heading}}</h1></header>\n".utf8)
            .write(to: folder.file("page-header.mustache"))
        let exporter = HTMLExporter(templateDirectory: folder.url, timeZone: Fixtures.utc)
        var table = Fixtures.allFormats()
        table.title = Fixtures.hostile
        let html = try exporter.render(table: table)
        let dump = try PythonReaders.html(html)
        #expect(dump.h1 == ["Custom: " + Fixtures.hostile])
        #expect(dump.classes.contains("custom"))
        #expect(dump.rows.count == 3)  // the shipped table-section still renders
        #expect(!html.contains("<script"))
    }

    @Test func brokenOrMissingTemplatesThrow() throws {
        let folder = try TemporaryFolder()
        try Data("{{#open}} never closed".utf8).write(to: folder.file("pack.mustache"))
        #expect {
            try HTMLExporter(templateDirectory: folder.url).render(pack: Fixtures.pack(tables: []))
        } throws: { error in
            guard let error = error as? ExportError else { return false }
            return error.kind == .template && error.message.contains("pack.mustache")
        }
        #expect(throws: ExportError.self) {
            try HTMLExporter(templateDirectory: folder.url.appendingPathComponent("nope")).render(
                table: Fixtures.allFormats())
        }
    }

    @Test func writeIsAtomicAndFailsCleanly() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("pack.html")
        try Self.exporter.write(pack: Fixtures.pack(tables: [Fixtures.allFormats()]), to: url)
        #expect(try folder.contents() == ["pack.html"])
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))

        #expect(throws: ExportError.self) {
            try Self.exporter.write(table: Fixtures.allFormats(), to: folder.url.appendingPathComponent("no/x.html"))
        }
        #expect(try folder.contents() == ["pack.html"])
    }
}
