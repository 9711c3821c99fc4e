import Foundation
import TestSupport
import Testing

/// The demo pack's page printed by headless Chromium on A4 and on Letter: no table is cut at
/// the paper's right edge, and the highlights come first.
@Suite struct HTMLPrintTests {
    @Test(
        .enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)),
        arguments: [("A4", 595.0, 842.0), ("Letter", 612.0, 792.0)])
    func theDemoPagePrintsWithoutCutTables(paper: String, width: Double, height: Double) async throws {
        guard let pdftotext = ExternalTool.find("pdftotext"), let pdfinfo = ExternalTool.find("pdfinfo") else {
            print(
                "######## NOT TESTED: the printed HTML page's layout (pdftotext/pdfinfo missing; make setup "
                    + "installs poppler-utils) ########")
            return
        }
        let demo = try await DemoPacks.plain.value
        // The printer's paper, as a print dialog would choose it: an @page size added to the page.
        let page = try String(contentsOf: demo.html, encoding: .utf8)
            .replacingOccurrences(of: "</style>", with: "@page { size: \(paper); }\n</style>")
        let folder = try TestPaths.scratchDirectory("print-\(paper)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("page.html")
        try page.write(to: html, atomically: true, encoding: .utf8)
        let pdf = folder.appendingPathComponent("page.pdf")
        let chromium = try #require(Chromium.path)
        let printed = try await offThread {
            try ExternalTool.run(
                chromium,
                Chromium.arguments(
                    ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString],
                    profile: folder.appendingPathComponent("profile")),
                timeout: 90)
        }
        #expect(printed.status == 0, "\(printed.stderr.suffix(2000))")

        let info = try ExternalTool.run(pdfinfo, ["-f", "1", "-l", "1000", pdf.path], timeout: 30).stdout
        let sizes = info.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }
            .compactMap { line -> [Double]? in
                let numbers = line.split(separator: " ").compactMap { Double($0) }
                return numbers.count >= 3 ? [numbers[1], numbers[2]] : nil
            }
        #expect((4...30).contains(sizes.count), "\(sizes.count) pages")
        #expect(sizes.allSatisfy { abs($0[0] - width) < 1.5 && abs($0[1] - height) < 1.5 }, "\(sizes)")

        let text = try ExternalTool.run(pdftotext, ["-layout", pdf.path, "-"], timeout: 30).stdout
        let pages = text.split(separator: "\u{0C}").map(String.init)
        #expect(pages.first?.contains("Highlights") == true)
        // The widest tables: weekday × hour (25 columns) and the unanswered list (10, with
        // subjects). Each header row's first and last label print on one line of one page:
        // a table cut at the paper's edge would lose its last columns.
        for (first, last) in [("Weekday", "23"), ("Ticket id", "Past SLA")] {
            let lines = pages.flatMap { $0.split(separator: "\n").map(String.init) }
            let line = lines.first { $0.contains(first) } ?? "none"
            #expect(line.contains(last), "\(paper): \(first) … \(last) on one line: \(line)")
        }
    }
}
