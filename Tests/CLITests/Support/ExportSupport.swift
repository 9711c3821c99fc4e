import Foundation
import GRDB
import HelpdeskAPI
import HelpdeskSimulator
import TestSupport
import TicketStore

/// The store the export tests read: the simulator's hostile tickets (markup, formulas,
/// control characters, a 1 MiB message) plus four hand-made tickets in department
/// "Crafted" whose subjects, names, admins and messages are formula-looking text, with
/// first response times worked out by hand below.
enum ExportFixture {
    static let hyperlink = "=HYPERLINK(\"http://x\",\"y\")"
    static let command = "+cmd|' /C calc'!A0"
    static let sum = "@SUM(1)"
    static let arithmetic = "-1+2"

    /// Built once per test run; every test only reads it.
    static let store: Result<String, TestFailure> = {
        do {
            let path = try TestPaths.scratchStore("export-fixture")
            let store = try TicketStore(path: path, access: .readWrite)
            let hostile = SimulatedDataset(seed: 11, ticketCount: 150, hostile: true)
            let simulated = hostile.ids.compactMap { hostile.ticket(id: $0) }
            try store.writeSync(
                (simulated + crafted).map { .ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }, source: "default"
            )
            return .success(path)
        } catch {
            return .failure(TestFailure("cannot build the export fixture: \(error)"))
        }
    }()

    static func path() throws -> String { try store.get() }

    static func date(_ text: String) -> LocalDateTime { LocalDateTime(parsing: text)! }

    /// 2026-10-05 is a Monday; the store's calendar is Mon–Fri 09:00–17:00.
    static let crafted: [Ticket] = [
        Ticket(
            ticketID: 9001, ticketNumber: "C-9001", departmentID: 90, departmentName: "Crafted", userID: 501,
            name: command, email: "a@example.com", openedAt: date("2026-10-05 10:00:00"), subject: hyperlink,
            status: "Closed", priority: "High", lastReplyAt: date("2026-10-05 16:00:00"),
            replies: [
                Reply(replyID: 0, userID: 501, name: command, date: date("2026-10-05 10:00:00"), message: arithmetic),
                // FRT 6 h, all inside business hours.
                Reply(replyID: 90011, date: date("2026-10-05 16:00:00"), message: hyperlink, admin: sum, rating: 5),
            ]),
        Ticket(
            ticketID: 9002, ticketNumber: "C-9002", departmentID: 90, departmentName: "Crafted", userID: 502,
            name: arithmetic, email: "b@example.com", openedAt: date("2026-10-06 09:00:00"), subject: sum,
            status: "Closed", priority: "Medium", lastReplyAt: date("2026-10-06 09:30:00"),
            replies: [
                Reply(replyID: 0, userID: 502, name: arithmetic, date: date("2026-10-06 09:00:00"), message: "hello"),
                Reply(replyID: 90021, date: date("2026-10-06 09:30:00"), message: "ok", admin: "Alice", rating: 4),
            ],
            notes: [Note(noteID: 1, date: date("2026-10-06 09:10:00"), message: command, admin: "Alice")]),
        Ticket(
            ticketID: 9003, ticketNumber: "C-9003", departmentID: 90, departmentName: "Crafted", userID: 503,
            name: hyperlink, email: "c@example.com", openedAt: date("2026-10-07 12:00:00"), subject: arithmetic,
            status: "Open", priority: "Low", lastReplyAt: date("2026-10-07 12:00:00"),
            replies: [Reply(replyID: 0, userID: 503, name: hyperlink, date: date("2026-10-07 12:00:00"), message: sum)]),
        Ticket(
            ticketID: 9004, ticketNumber: "C-9004", departmentID: 90, departmentName: "Crafted", userID: 504,
            name: sum, email: "d@example.com", openedAt: date("2026-10-08 08:00:00"), subject: command,
            status: "Answered", priority: "Medium", lastReplyAt: date("2026-10-08 12:00:00"),
            replies: [
                Reply(replyID: 0, userID: 504, name: sum, date: date("2026-10-08 08:00:00"), message: "x"),
                // FRT 4 h calendar; 3 h business (09:00–12:00 on a Thursday).
                Reply(replyID: 90041, date: date("2026-10-08 12:00:00"), message: "=1+1", admin: "Alice"),
            ]),
    ]
}

/// A value a test expects in one cell, and how each format must show it.
enum Expected: Equatable, CustomStringConvertible {
    case text(String)
    case int(Int)
    case real(Double)
    /// Store text `YYYY-MM-DD HH:MM:SS`: a real date in XLSX, the text elsewhere.
    case datetime(String)
    case null

    var description: String {
        switch self {
        case .text(let text): return "\"\(text)\""
        case .int(let value): return String(value)
        case .real(let value): return String(value)
        case .datetime(let text): return "date \(text)"
        case .null: return "NULL"
        }
    }
}

/// How a column is formatted: the XLSX number format and the HTML display of its numbers.
enum ColumnKind {
    case id, text, integer, number, hours, datetime

    var xlsxFormat: String {
        switch self {
        case .id, .text: return "General"
        case .integer: return "#,##0"
        case .number: return "#,##0.00"
        case .hours: return "0.0"
        case .datetime: return "yyyy-mm-dd hh:mm"
        }
    }

    /// The text an HTML page or terminal table shows.
    func display(_ value: Expected) -> String {
        switch value {
        case .null: return ""
        case .text(let text), .datetime(let text): return text
        case .int(let integer):
            return self == .integer && integer >= 1000 ? "\(integer / 1000),\(integer % 1000)" : String(integer)
        case .real(let real):
            switch self {
            case .number: return String(format: "%.2f", real)
            case .hours: return String(format: "%.1f", real)
            default: return String(real)
            }
        }
    }
}

/// One cell as the independent reader decoded it: {"s": text}, {"n": number}, {"i": integer},
/// {"t": date} or null.
struct ReadCell: Decodable, Equatable, CustomStringConvertible {
    var s: String?
    var n: Double?
    var i: Int?
    var t: String?

    var description: String {
        if let s { return "s:\(s.debugDescription)" }
        if let n { return "n:\(n)" }
        if let i { return "i:\(i)" }
        if let t { return "t:\(t)" }
        return "empty"
    }
}

/// What the independent reader saw in one file.
struct ReadBack: Decodable {
    struct Sheet: Decodable {
        var name: String
        var header: [String?]
        var rows: [[ReadCell?]]
        /// openpyxl's `data_type` per cell: `s` string, `n` number, `d` date, `f` formula.
        var types: [[String]]
        var formats: [[String]]
    }

    /// XLSX: every sheet; `formulas` counts `<f>` elements in all sheet XML.
    var sheets: [Sheet]?
    var formulas: Int?
    /// CSV, JSON, HTML: one table.
    var header: [String]?
    var labels: [String]?
    var columnFormats: [String]?
    var rows: [[ReadCell?]]?
    /// HTML: the row-count line under the table.
    var note: String?
}

/// Independent readers: openpyxl for XLSX, Python's csv, json and html.parser modules.
enum ExportReader {
    static func read(_ format: String, _ file: URL) throws -> ReadBack {
        try JSONDecoder().decode(ReadBack.self, from: python(script, [format, file.path]))
    }

    /// Counts without loading cells: XLSX `<row>` elements per sheet (sheet XML scanned as
    /// a stream), CSV records; and for CSV, fields that start like a formula unguarded.
    static func counts(_ format: String, _ file: URL) throws -> [String: Int] {
        try JSONDecoder().decode([String: Int].self, from: python(countScript, [format, file.path]))
    }

    static func python(_ script: String, _ arguments: [String]) throws -> Data {
        let scratch = try TestPaths.scratchDirectory("reader")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            if message.contains("No module named 'openpyxl'") {
                throw TestFailure("openpyxl is missing: run `make setup` (or python3 -m pip install openpyxl)")
            }
            throw TestFailure("python3 failed (\(process.terminationStatus)): \(message)")
        }
        return try Data(contentsOf: out)
    }

    static let script = #"""
        import sys, json, csv, datetime, zipfile, re
        from html.parser import HTMLParser
        fmt, path = sys.argv[1], sys.argv[2]
        csv.field_size_limit(1 << 30)  # the hostile store holds a 1 MiB message

        def enc(v, integers=False):
            if v is None:
                return None
            if isinstance(v, datetime.datetime):
                return {"t": v.strftime("%Y-%m-%d %H:%M:%S")}
            if isinstance(v, datetime.date):
                return {"t": v.strftime("%Y-%m-%d")}
            if isinstance(v, bool):
                return {"n": float(v)}
            if integers and isinstance(v, int):
                return {"i": v}
            if isinstance(v, (int, float)):
                return {"n": float(v)}
            return {"s": str(v)}

        if fmt == "xlsx":
            import openpyxl
            wb = openpyxl.load_workbook(path)
            z = zipfile.ZipFile(path)
            formulas = sum(len(re.findall(rb"<f[ >/]", z.read(n))) for n in z.namelist()
                           if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            sheets = []
            for ws in wb.worksheets:
                rows = list(ws.iter_rows())
                sheets.append({"name": ws.title,
                               "header": [c.value for c in rows[0]] if rows else [],
                               "rows": [[enc(c.value) for c in r] for r in rows[1:]],
                               "types": [[c.data_type for c in r] for r in rows[1:]],
                               "formats": [[c.number_format for c in r] for r in rows[1:]]})
            out = {"sheets": sheets, "formulas": formulas}
        elif fmt == "csv":
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            out = {"header": rows[0], "rows": [[{"s": x} for x in r] for r in rows[1:]]}
        elif fmt == "json":
            doc = json.load(open(path, encoding="utf-8"))
            names = [c["name"] for c in doc["columns"]]
            out = {"header": names, "labels": [c["label"] for c in doc["columns"]],
                   "columnFormats": [c["format"] for c in doc["columns"]],
                   "rows": [[enc(r[n], integers=True) for n in names] for r in doc["rows"]]}
        elif fmt == "html":
            class Reader(HTMLParser):
                def __init__(self):
                    super().__init__(convert_charrefs=True)
                    self.header, self.rows, self.row, self.cell, self.note, self.in_note = [], [], None, None, "", False
                    self.in_head = False
                def handle_starttag(self, tag, attrs):
                    if tag == "thead": self.in_head = True
                    if tag == "tr": self.row = []
                    if tag in ("td", "th"): self.cell = ""
                    if tag == "p" and ("class", "rowcount") in attrs: self.in_note = True
                def handle_endtag(self, tag):
                    if tag == "thead": self.in_head = False
                    if tag in ("td", "th") and self.row is not None:
                        self.row.append(self.cell); self.cell = None
                    if tag == "tr" and self.row is not None:
                        if self.in_head: self.header = self.row
                        else: self.rows.append(self.row)
                        self.row = None
                    if tag == "p": self.in_note = False
                def handle_data(self, data):
                    if self.cell is not None: self.cell += data
                    if self.in_note: self.note += data
            reader = Reader()
            reader.feed(open(path, encoding="utf-8").read())
            out = {"header": reader.header, "rows": [[{"s": x} for x in r] for r in reader.rows], "note": reader.note}
        print(json.dumps(out))
        """#

    static let countScript = #"""
        import sys, json, csv, zipfile, re, posixpath
        import xml.etree.ElementTree as ET
        fmt, path = sys.argv[1], sys.argv[2]
        csv.field_size_limit(1 << 30)  # the hostile store holds a 1 MiB message
        out = {}
        if fmt == "xlsx":
            z = zipfile.ZipFile(path)
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                  "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
            rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
            targets = {r.get("Id"): posixpath.normpath(posixpath.join("xl", r.get("Target")))
                       for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("pr:Relationship", ns)}
            out["formulas"] = 0
            for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", ns):
                rows, formulas, tail = 0, 0, b""
                with z.open(targets[sheet.get(rid)]) as f:
                    while True:
                        chunk = f.read(1 << 20)
                        if not chunk:
                            break
                        text = tail + chunk
                        rows += text.count(b"<row ")
                        formulas += len(re.findall(rb"<f[ >/]", text))
                        tail = text[-8:]
                        rows -= tail.count(b"<row ")
                        formulas -= len(re.findall(rb"<f[ >/]", tail))
                    rows += tail.count(b"<row ")
                    formulas += len(re.findall(rb"<f[ >/]", tail))
                out["sheet:" + sheet.get("name")] = rows
                out["formulas"] += formulas
        elif fmt == "csv":
            records, unguarded = 0, 0
            with open(path, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                out["columns"] = len(next(reader))
                for row in reader:
                    records += 1
                    for field in row:
                        if field[:1] in ("=", "+", "-", "@", "\t", "\r"):
                            try:
                                float(field)
                            except ValueError:
                                unguarded += 1
            out["records"] = records
            out["unguarded"] = unguarded
        print(json.dumps(out))
        """#
}

/// Runs `/usr/bin/time -v BINARY ARGS` and returns the exit status, stdout and the peak RSS.
enum PeakMemory {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var peakKiB: Int
    }

    /// `peakKiB` is what the kernel counted for the whole process (`wait4`'s rusage), so a
    /// short run is measured as surely as a long one.
    static func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: Int = 600) throws
        -> Run
    {
        let scratch = try TestPaths.scratchDirectory("time")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        let report = scratch.appendingPathComponent("time")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            ["-k", "5", String(timeout), "/usr/bin/time", "-v", "-o", report.path]
            + [CommandLineRunner.productsDirectory.appendingPathComponent("ticketreport").path] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TICKETREPORT_") }
        environment.merge(extra) { _, new in new }
        environment["LC_ALL"] = "C"
        process.environment = environment
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        let timeReport = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        let peak =
            timeReport.split(separator: "\n").first { $0.contains("Maximum resident set size") }
            .flatMap { Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") } ?? 0
        return Run(
            status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", peakKiB: peak)
    }
}
