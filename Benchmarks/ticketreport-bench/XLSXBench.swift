import Exporters
import Foundation
import Reporting

#if canImport(Glibc)
    import Glibc
#endif

/// XLSX writes: ROWS × 8 mixed cells through `XLSXWorkbookWriter` in constant-memory mode vs
/// a plain C program calling libxlsxwriter with the same cells (bench/xlsx_cells.c), in the
/// same run; and peak RSS at a quarter, half and all of the rows, each in a fresh process.
///
/// Every write runs in a child process (`ticketreport-bench xlsx-child`) so its peak RSS is
/// its own; the children alternate with the C program and the best of three runs counts.
enum XLSXBench {
    static let columns: [ResultColumn] = [
        ResultColumn(name: "ticket", label: "Ticket", format: .integer),
        ResultColumn(name: "replies", label: "Replies", format: .integer),
        ResultColumn(name: "hours", label: "Hours", format: .number),
        ResultColumn(name: "share", label: "Share", format: .percent),
        ResultColumn(name: "department", label: "Department", format: .text),
        ResultColumn(name: "subject", label: "Subject", format: .text),
        ResultColumn(name: "opened", label: "Opened", format: .datetime),
        ResultColumn(name: "frt", label: "FRT", format: .duration),
    ]

    static let departments = [
        "Technical Support", "Billing", "Sales", "Domains", "Abuse", "General Enquiries", "Hosting", "Email",
    ]

    /// Row `i` (from 1), the same cells bench/xlsx_cells.c writes; the timestamp is store text.
    static func row(_ i: Int) -> [CellValue] {
        [
            .integer(Int64(i)),
            .integer(Int64((i * 7919) % 100_000)),
            .real(Double((i * 31) % 10_000) / 100),
            .real(Double(i % 1_000) / 1_000),
            .text(departments[i % 8]),
            .text("Ticket subject number " + String(i)),
            .text(timestamp(month: 1 + i % 12, day: 1 + i % 28, hour: i % 24, minute: i % 60, second: (i * 7) % 60)),
            .integer(Int64((i * 37) % 200_000)),
        ]
    }

    /// "2026-MM-DD HH:MM:SS", its bytes written in place: one allocation, as when SQLite hands
    /// over a timestamp, so the bench measures the writer rather than string interpolation.
    static func timestamp(month: Int, day: Int, hour: Int, minute: Int, second: Int) -> String {
        String(unsafeUninitializedCapacity: 19) { bytes in
            func put(_ value: Int, _ offset: Int, _ separator: Character) {
                bytes[offset] = UInt8(48 + value / 10)
                bytes[offset + 1] = UInt8(48 + value % 10)
                if offset + 2 < 19 { bytes[offset + 2] = separator.asciiValue ?? 0 }
            }
            put(20, 0, "2")
            put(26, 2, "-")
            put(month, 5, "-")
            put(day, 8, " ")
            put(hour, 11, ":")
            put(minute, 14, ":")
            put(second, 17, " ")
            return 19
        }
    }

    // MARK: - Child: one write in this process

    /// `xlsx-child`: writes BENCH_XLSX_ROWS rows to BENCH_XLSX_OUT, prints "SECONDS MAX_RSS_KIB".
    static func child() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let rows = environment["BENCH_XLSX_ROWS"].flatMap(Int.init), let out = environment["BENCH_XLSX_OUT"]
        else {
            throw BenchError("xlsx-child needs BENCH_XLSX_ROWS and BENCH_XLSX_OUT")
        }
        let seconds = try measure {
            let writer = try XLSXWorkbookWriter(
                path: URL(fileURLWithPath: out), constantMemory: true, properties: .init(title: "Cells"))
            try writer.addSheet(name: "Cells", columns: columns)
            for i in 1...rows {
                try writer.append(row: row(i))
            }
            try writer.close()
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        FileHandle.standardOutput.write(Data("\(seconds) \(usage.ru_maxrss)\n".utf8))
    }

    // MARK: - Stage

    static func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let rows = environment["BENCH_XLSX_ROWS"].flatMap(Int.init) ?? 1_000_000
        let cProgram = environment["XLSX_C_BIN"] ?? ".build/xlsx_cells"
        guard FileManager.default.isExecutableFile(atPath: cProgram) else {
            throw BenchError(
                "\(cProgram) is missing: cc -O2 bench/xlsx_cells.c -lxlsxwriter -o .build/xlsx_cells (make bench does it)"
            )
        }
        let folder = URL(fileURLWithPath: scratchPath("xlsx"), isDirectory: true)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ours = folder.appendingPathComponent("ours.xlsx").path
        let theirs = folder.appendingPathComponent("c.xlsx").path

        var oursSeconds: [Double] = []
        var cSeconds: [Double] = []
        var oursRSS: [Int] = []
        var cRSS: [Int] = []
        for _ in 0..<3 {
            let run = try runChild(rows: rows, out: ours)
            oursSeconds.append(run.seconds)
            oursRSS.append(run.rssKiB)
            let c = try runTimed(cProgram, [String(rows), theirs])
            cSeconds.append(c.seconds)
            cRSS.append(c.rssKiB)
        }
        let oursSize = fileSize(ours)
        let cSize = fileSize(theirs)

        // Peak RSS as the row count grows: flat means constant-memory mode holds.
        var rssByRows: [(rows: Int, kib: Int)] = []
        for fraction in [4, 2] {
            rssByRows.append((rows / fraction, try runChild(rows: rows / fraction, out: ours).rssKiB))
        }
        rssByRows.append((rows, oursRSS.min() ?? 0))

        let label = rows % 1_000_000 == 0 ? "\(rows / 1_000_000)M_rows" : "\(rows)_rows"
        let best = oursSeconds.min() ?? 0
        let bestC = cSeconds.min() ?? 1
        BenchReport.emit(
            BenchFigure(
                name: "xlsx.\(label).seconds", value: best, unit: "s", ratio: best / bestC,
                baseline: "plain libxlsxwriter C", goal: "<= 1.1x"))
        BenchReport.emit(
            BenchFigure(
                name: "xlsx.\(label).rows_per_s", value: Double(rows) / best, unit: "rows/s",
                ratio: bestC / best, baseline: "of plain C's rows/s"))
        for (count, kib) in rssByRows {
            let mb = Double(kib) / 1024
            BenchReport.emit(
                BenchFigure(
                    name: "xlsx.peak_rss_mb.\(count)_rows", value: mb, unit: "MB",
                    ratio: mb / (Double(cRSS.min() ?? 1) / 1024),
                    baseline: "C at \(rows) rows", goal: "flat as rows grow"))
        }
        if let first = rssByRows.first, let last = rssByRows.last, first.kib > 0 {
            BenchReport.emit(
                BenchFigure(
                    name: "xlsx.peak_rss.growth", value: Double(last.kib) / Double(first.kib), unit: "x",
                    baseline: nil, goal: "~1 from \(first.rows) to \(last.rows) rows"))
        }
        BenchReport.emit(
            BenchFigure(
                name: "xlsx.\(label).file_mb", value: Double(oursSize) / 1_048_576, unit: "MB",
                ratio: Double(oursSize) / Double(max(1, cSize)), baseline: "C file size"))
    }

    // MARK: - Processes

    private static func runChild(rows: Int, out: String) throws -> (seconds: Double, rssKiB: Int) {
        let self_ = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let output = try runProcess(
            self_, ["xlsx-child"], environment: ["BENCH_XLSX_ROWS": String(rows), "BENCH_XLSX_OUT": out])
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 2, let seconds = Double(parts[0]), let kib = Int(parts[1]) else {
            throw BenchError("xlsx-child printed \(output.debugDescription)")
        }
        return (seconds, kib)
    }

    /// Wall time of a whole process, and its peak RSS from /usr/bin/time when it is there.
    private static func runTimed(_ program: String, _ arguments: [String]) throws -> (seconds: Double, rssKiB: Int) {
        let timeTool = "/usr/bin/time"
        let rssFile = scratchPath("xlsx-c-rss.txt")
        var rss = 0
        var seconds = 0.0
        if FileManager.default.isExecutableFile(atPath: timeTool) {
            seconds = try measure { _ = try runProcess(timeTool, ["-f", "%M", "-o", rssFile, program] + arguments) }
            rss =
                Int(
                    (try? String(contentsOfFile: rssFile, encoding: .utf8))?
                        .split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        } else {
            seconds = try measure { _ = try runProcess(program, arguments) }
        }
        return (seconds, rss)
    }

    private static func runProcess(_ program: String, _ arguments: [String], environment: [String: String] = [:])
        throws -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
