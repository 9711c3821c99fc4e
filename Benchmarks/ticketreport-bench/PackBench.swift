import Config
import Exporters
import Foundation
import Reporting
import TicketStore

/// `pack`: the monthly pack on the 1M-ticket store, built and written as XLSX and HTML, with
/// highlights and print setup (as shipped) against the same pack without them
/// (`highlights: { max: 0 }` in a copy of monthly.yaml, `XLSXExporter.printSetup` off), in
/// the same run: alternating trials, best of each side.
enum PackBench {
    static func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let size = Int(environment["BENCH_PACK_TICKETS"] ?? "") ?? 1_000_000
        let trials = max(3, Int(environment["BENCH_REPEAT"] ?? "") ?? 5)
        let month = try ReportMonth(parsing: environment["BENCH_REPORT_MONTH"] ?? "2026-10")
        let storeDirectory = environment["BENCH_STORE_DIR"] ?? ".bench"
        let path = try StoreGenerator.ensure(path: "\(storeDirectory)/store-\(size).sqlite", tickets: size)
        let config = TicketReportConfig.default
        let store = try config.openStore(path: path)

        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("bench-pack-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The same pack file with the highlights turned off; the reports come from the built-ins.
        let plainPacks = folder.appendingPathComponent("plain-pack")
        try FileManager.default.createDirectory(at: plainPacks, withIntermediateDirectories: true)
        guard let shipped = EmbeddedResources.reports["monthly.yaml"] else {
            throw BenchError("the built-in pack is not compiled in")
        }
        let lines = shipped.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.hasPrefix("highlights:")
        }
        try (lines.joined(separator: "\n") + "\nhighlights: { max: 0 }\n").write(
            to: plainPacks.appendingPathComponent("monthly.yaml"), atomically: true, encoding: .utf8)
        let withCatalog = ReportCatalog.builtIn
        let withoutCatalog = ReportCatalog.standard(reportsDirectory: plainPacks.path)

        func write(_ catalog: ReportCatalog, printSetup: Bool) throws -> ReportPack {
            let pack = try MonthlyPack.build(store: store, config: config, month: month, catalog: catalog)
            var xlsx = XLSXExporter()
            xlsx.printSetup = printSetup
            try xlsx.write(pack: pack, to: folder.appendingPathComponent("pack.xlsx"))
            try HTMLExporter().write(pack: pack, to: folder.appendingPathComponent("pack.html"))
            return pack
        }
        // Warm the page cache and check both sides differ only as meant.
        let full = try write(withCatalog, printSetup: true)
        let plain = try write(withoutCatalog, printSetup: false)
        guard !full.highlights.isEmpty, plain.highlights.isEmpty, full.tables == plain.tables else {
            throw BenchError("the two packs differ in more than their highlights")
        }
        var withSeconds: [Double] = []
        var withoutSeconds: [Double] = []
        for _ in 0..<trials {
            withoutSeconds.append(try measure { _ = try write(withoutCatalog, printSetup: false) })
            withSeconds.append(try measure { _ = try write(withCatalog, printSetup: true) })
        }
        let best = withSeconds.min() ?? 0
        let baseline = withoutSeconds.min() ?? 1
        BenchReport.emit(
            BenchFigure(
                name: "pack.\(ReportsBench.sizeLabel(size)).highlights_print.seconds", value: best, unit: "s",
                ratio: best / baseline,
                baseline: String(
                    format:
                        "the same pack without highlights and print setup, %.3f s; build + XLSX + HTML, best of %d alternating; %d highlights",
                    baseline, trials, full.highlights.count),
                goal: "<= 1.1x"))
    }
}
