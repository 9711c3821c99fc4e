import Foundation
import TestSupport
import Testing

/// The demo's HTML page read back: its tables against `report run --format json`, nothing
/// loaded from outside, a CSP that forbids scripts, hostile ticket text shown only as text;
/// and the same page rendered by headless Chromium (`make setup` installs it).
@Suite("HTML pack (CLI, html.parser and Chromium)")
struct HTMLPackTests {
    static let script = "<script>alert(1)</script>"
    static let escapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;"

    /// Every cell of the response-times table, formatted as the page formats the JSON's values.
    @Test func responseTimesTableMatchesTheReportsJSON() async throws {
        let demo = try await DemoPacks.plain.value
        let page = try PackReaders.page(demo.html)
        let report = try BuiltInPack.report("response-times")
        let json = try ReportJSON.run("response-times", month: demo.month, db: demo.store, directory: demo.folder)
        let section = try #require(page.section(titled: report.title))
        #expect(section.headers == json.columns.map(\.label))
        let expected = json.table.map { row in
            zip(row, json.columns).map { cell, column in Display.text(cell, format: column.format) }
        }
        #expect(section.rows == expected)
        #expect(json.rows.count >= 3)  // departments plus the total: a real table, not an empty one
        // Every report of the pack has its section, in monthly.yaml's order.
        let titles = try BuiltInPack.reportNames().map { try BuiltInPack.report($0).title }
        #expect(page.sections.map(\.title) == titles)
    }

    @Test func tilesShowTheFiguresOfTheReportsTheyComeFrom() async throws {
        let demo = try await DemoPacks.plain.value
        let page = try PackReaders.page(demo.html)
        let expected = try Self.expectedTiles(demo)
        #expect(page.tiles.map(\.label) == expected.map(\.label))
        #expect(page.tiles.map(\.value) == expected.map(\.value))
    }

    @Test func thePageLoadsNothingFromOutsideAndForbidsScripts() async throws {
        for demo in [try await DemoPacks.plain.value, try await DemoPacks.hostile.value] {
            let page = try PackReaders.page(demo.html)
            #expect(Self.externalReferences(page) == [], "\(demo.html.path)")
            let policy = try #require(
                page.meta.first { ($0["http-equiv"] ?? nil)?.lowercased() == "content-security-policy" }?["content"]
                    ?? nil)
            let directives = Dictionary(
                policy.split(separator: ";").map { part -> (String, String) in
                    let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                    return (String(words.first ?? ""), words.count > 1 ? String(words[1]) : "")
                }, uniquingKeysWith: { first, _ in first })
            #expect(directives["default-src"] == "'none'", "\(policy)")
            // No script-src means default-src 'none' applies: no script of any kind runs.
            #expect(directives["script-src"] == nil || directives["script-src"] == "'none'", "\(policy)")
            #expect(page.tags["script"] == nil)
        }
    }

    /// Ticket 3's subject is `<script>alert(1)</script>` in the hostile demo; hostile department
    /// and admin names carry it too. It is text everywhere: escaped in the page, a string cell
    /// (never a formula) in the workbook.
    @Test func hostileTicketTextAppearsOnlyEscaped() async throws {
        let demo = try await DemoPacks.hostile.value
        let raw = try String(contentsOf: demo.html, encoding: .utf8)
        #expect(raw.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(raw.contains(Self.escapedScript))
        let page = try PackReaders.page(demo.html)
        #expect(page.text.contains(Self.script))

        // The ticket itself: in the unanswered report when it qualifies, else through `query`.
        let unanswered = try #require(page.section(titled: try BuiltInPack.report("unanswered").title))
        if let row = unanswered.rows.first(where: { $0.first == "3" }) {
            #expect(row.contains(Self.script))
        } else {
            let single = try Self.ticketThreePage(demo)
            let singleRaw = try String(contentsOf: single, encoding: .utf8)
            #expect(singleRaw.range(of: "<script", options: .caseInsensitive) == nil)
            #expect(singleRaw.contains(Self.escapedScript))
            #expect(try PackReaders.page(single).sections.first?.rows == [["3", Self.script]])
        }

        let workbook = try PackReaders.workbook(demo.xlsx)
        let formulas = workbook.sheets.flatMap { sheet in sheet.rows.joined().filter { $0.type == "f" } }
        #expect(formulas.isEmpty, "text became formulas: \(formulas.prefix(3).map(\.value))")
        #expect(try PackReaders.workbookText(demo.xlsx).contains(Self.script))
    }

    // MARK: - A real browser

    @Test(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
    func chromiumRendersTheTilesAndAScreenshot() async throws {
        let demo = try await DemoPacks.plain.value
        let dom = try await offThread { try Chromium.dumpDOM(demo.html) }
        #expect(dom.range(of: "<script", options: .caseInsensitive) == nil)
        let page = try PackReaders.page(html: dom)
        let expected = try Self.expectedTiles(demo)
        #expect(page.tiles.map(\.label) == expected.map(\.label))
        #expect(page.tiles.map(\.value) == expected.map(\.value))
        #expect(page.sections.count == 12)

        let png = demo.folder.appendingPathComponent("page.png")
        try await offThread { try Chromium.screenshot(demo.html, to: png) }
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(Self.pngSize(bytes) == [1280, 2000])
        // A blank or error page compresses to a few KB; tiles, a chart and tables do not.
        #expect(bytes.count > 50_000, "\(bytes.count) bytes")
    }

    @Test(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
    func chromiumShowsHostileTextAsTextAndRunsNoScript() async throws {
        let demo = try await DemoPacks.hostile.value
        for file in [demo.html, try Self.ticketThreePage(demo)] {
            let dom = try await offThread { try Chromium.dumpDOM(file) }
            // The DOM after loading: no script element at all, the payload as escaped text.
            #expect(dom.range(of: "<script", options: .caseInsensitive) == nil, "\(file.lastPathComponent)")
            #expect(dom.contains(Self.escapedScript), "\(file.lastPathComponent)")
            #expect(try PackReaders.page(html: dom).text.contains(Self.script))
        }
    }

    // MARK: - Helpers

    /// What each tile of monthly.yaml should show: the figure from its report's JSON.
    static func expectedTiles(_ demo: DemoRun) throws -> [(label: String, value: String)] {
        var results: [String: ReportJSON] = [:]
        return try BuiltInPack.tiles().map { tile in
            if results[tile.report] == nil {
                results[tile.report] = try ReportJSON.run(
                    tile.report, month: demo.month, db: demo.store, directory: demo.folder)
            }
            let json = results[tile.report]!
            let cell = try #require(json.cell(row: tile.row, column: tile.column), "\(tile.label)")
            return (tile.label, Display.tile(cell, format: json.format(of: tile.column) ?? "text"))
        }
    }

    /// `query "SELECT ticket_id, subject FROM tickets WHERE ticket_id = 3" --format html`.
    static func ticketThreePage(_ demo: DemoRun) throws -> URL {
        let file = try TestPaths.scratchDirectory("ticket3").appendingPathComponent("ticket3.html")
        let result = try CommandLineRunner.run(
            [
                "query", "SELECT ticket_id, subject FROM tickets WHERE ticket_id = 3", "--db", demo.store, "--format",
                "html", "-o", file.path,
            ], directory: demo.folder)
        guard result.status == 0 else { throw TestFailure("query --format html failed: \(result)") }
        return file
    }

    /// Everything that would make the page fetch or run something: URL attributes that are not
    /// in-page (`#…`) or `data:`, event handlers, `url()`/`@import` in CSS, embedding elements.
    static func externalReferences(_ page: PackReaders.Page) -> [String] {
        let urlAttributes: Set<String> = [
            "src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data", "background", "cite",
            "longdesc", "manifest", "ping", "icon", "codebase", "archive",
        ]
        var found: [String] = []
        func cssProblems(_ css: String) -> Bool {
            if css.range(of: "@import", options: .caseInsensitive) != nil { return true }
            var rest = Substring(css)
            while let range = rest.range(of: "url(", options: .caseInsensitive) {
                let target = rest[range.upperBound...].drop { $0 == " " || $0 == "'" || $0 == "\"" }
                if !(target.hasPrefix("#") || target.hasPrefix("data:")) { return true }
                rest = rest[range.upperBound...]
            }
            return false
        }
        for attribute in page.attributes where attribute.count == 3 {
            let (tag, name, value) = (attribute[0], attribute[1].lowercased(), attribute[2])
            if urlAttributes.contains(name), !(value.hasPrefix("#") || value.hasPrefix("data:")) {
                found.append("<\(tag) \(name)=\"\(value)\">")
            }
            if name.hasPrefix("on") { found.append("<\(tag) \(name)=…> (event handler)") }
            if name == "style", cssProblems(value) { found.append("<\(tag) style=\"\(value)\">") }
            if name == "http-equiv", value.lowercased() == "refresh" { found.append("<meta http-equiv=refresh>") }
        }
        if cssProblems(page.style) { found.append("<style> with url() or @import") }
        for tag in ["script", "link", "iframe", "frame", "object", "embed", "img", "base", "audio", "video", "source"]
        where page.tags[tag] != nil {
            found.append("<\(tag)> element")
        }
        return found
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ bytes: Data) -> [Int] {
        guard bytes.count >= 24 else { return [] }
        let bytes = [UInt8](bytes.prefix(24))
        func int(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return [int(16), int(20)]
    }
}
