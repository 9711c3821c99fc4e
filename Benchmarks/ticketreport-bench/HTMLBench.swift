import Config
import Exporters
import Foundation
import HelpdeskSimulator
import Reporting
import TicketStore

/// HTML exports: a 10,000-row table (against a CSV of the same rows, in the same run) and the
/// full monthly pack on the demo's store (3,000 simulated tickets, seed 1): time and size.
enum HTMLBench {
    static func run() throws {
        try table(rows: ProcessInfo.processInfo.environment["BENCH_HTML_ROWS"].flatMap(Int.init) ?? 10_000)
        try pack(tickets: ProcessInfo.processInfo.environment["BENCH_HTML_TICKETS"].flatMap(Int.init) ?? 3_000)
    }

    /// One page holding every row of a mixed 8-column table (the XLSX bench's cells).
    static func table(rows count: Int) throws {
        let table = ResultTable(
            name: "cells", title: "Cells", description: "The XLSX bench's cells",
            parameters: [("month", "2026-10")], columns: XLSXBench.columns,
            rows: (1...count).map(XLSXBench.row))
        let folder = try scratchFolder("html-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("cells.html")
        let csv = folder.appendingPathComponent("cells.csv")
        let exporter = HTMLExporter(maxRowsPerTable: nil)
        var htmlSeconds: [Double] = []
        var csvSeconds: [Double] = []
        for _ in 0..<3 {
            htmlSeconds.append(try measure { try exporter.write(table: table, to: html) })
            csvSeconds.append(
                try measure {
                    let writer = CSVWriter(output: try ExportOutput.file(csv))
                    try writer.begin(columns: table.columns)
                    for row in table.rows { try writer.append(row) }
                    try writer.finish()
                })
        }
        let best = htmlSeconds.min() ?? 0
        let label = count % 1_000 == 0 ? "\(count / 1_000)k_rows" : "\(count)_rows"
        BenchReport.emit(
            BenchFigure(
                name: "html.\(label).seconds", value: best, unit: "s", ratio: best / (csvSeconds.min() ?? 1),
                baseline: "CSV of the same rows"))
        BenchReport.emit(
            BenchFigure(
                name: "html.\(label).file_kb", value: Double(fileSize(html)) / 1024, unit: "KB",
                ratio: Double(fileSize(html)) / Double(max(1, fileSize(csv))), baseline: "CSV size"))
    }

    /// The monthly pack of the demo's store: building it (the reports' SQL), then the page.
    static func pack(tickets: Int) throws {
        let folder = try scratchFolder("html-pack")
        defer { try? FileManager.default.removeItem(at: folder) }
        let storePath = folder.appendingPathComponent("tickets.sqlite").path
        let dataset = SimulatedDataset(seed: 1, ticketCount: tickets)
        let store = try TicketStore(path: storePath, access: .readWrite)
        for start in stride(from: 1, through: tickets, by: 500) {
            let records = (start..<min(start + 500, tickets + 1)).compactMap { id in
                dataset.ticket(id: id).map { FetchRecord.ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }
            }
            try store.writeSync(records, source: "default")
        }
        let config = TicketReportConfig.default
        // Reports need the configuration's SQL functions (business hours, SLA targets).
        let reader = try config.openStore(path: storePath)
        let month = try ReportMonth.lastComplete(in: reader)
        var built: ReportPack?
        let buildSeconds = try measure {
            built = try MonthlyPack.build(store: reader, config: config, month: month)
        }
        guard let pack = built else { throw BenchError("the monthly pack was not built") }
        let html = folder.appendingPathComponent("support-\(month).html")
        let xlsx = folder.appendingPathComponent("support-\(month).xlsx")
        var htmlSeconds: [Double] = []
        var xlsxSeconds: [Double] = []
        for _ in 0..<3 {
            htmlSeconds.append(try measure { try HTMLExporter().write(pack: pack, to: html) })
            xlsxSeconds.append(try measure { try XLSXExporter().write(pack: pack, to: xlsx) })
        }
        let rows = pack.tables.reduce(0) { $0 + $1.rows.count }
        let best = htmlSeconds.min() ?? 0
        BenchReport.emit(
            BenchFigure(
                name: "html.pack.seconds", value: best, unit: "s", ratio: best / (xlsxSeconds.min() ?? 1),
                baseline: "XLSX of the same pack; \(month), \(pack.tables.count) reports, \(rows) rows"))
        BenchReport.emit(
            BenchFigure(
                name: "html.pack.file_kb", value: Double(fileSize(html)) / 1024, unit: "KB",
                ratio: Double(fileSize(html)) / Double(max(1, fileSize(xlsx))), baseline: "XLSX size"))
        BenchReport.emit(
            BenchFigure(name: "pack.build.seconds", value: buildSeconds, unit: "s", baseline: nil, goal: nil))
    }

    private static func scratchFolder(_ name: String) throws -> URL {
        let folder = URL(fileURLWithPath: scratchPath(name), isDirectory: true)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private static func fileSize(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
