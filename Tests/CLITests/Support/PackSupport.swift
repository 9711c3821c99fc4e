import Foundation
import TestSupport
import Testing

// Helpers for the tests of `demo`, `monthly` and the files they write: one demo run per kind
// shared by the tests, the built-in pack's definition read from its source files, JSON
// results of `report run`, and independent readers (openpyxl, html.parser, Chromium,
// LibreOffice) run as separate processes.

/// One finished `ticketreport demo` run: its output folder and what it printed.
struct DemoRun: Sendable {
    let folder: URL
    let result: CommandResult
    /// The month of the pack, read from the file names it printed.
    let month: String

    var xlsx: URL { folder.appendingPathComponent("support-\(month).xlsx") }
    var html: URL { folder.appendingPathComponent("support-\(month).html") }
    var store: String { folder.appendingPathComponent("tickets.sqlite").path }

    static func make(tickets: Int, hostile: Bool) async throws -> DemoRun {
        let folder = try TestPaths.scratchDirectory(hostile ? "demo-hostile" : "demo")
        let out = folder.appendingPathComponent("pack")
        let arguments = ["demo", "--out", out.path, "--tickets", String(tickets)] + (hostile ? ["--hostile"] : [])
        let result = try await CommandLineRunner.runAsync(arguments, directory: folder, timeout: 120)
        guard result.status == 0 else { throw TestFailure("demo failed: \(result)") }
        let prefix = "Wrote \(out.path)/support-"
        guard let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
            throw TestFailure("demo printed no pack file: \(result)")
        }
        let month = String(line.dropFirst(prefix.count).prefix(7))
        return DemoRun(folder: out, result: result, month: month)
    }
}

/// The demo runs, each made once and shared by every test that reads it.
enum DemoPacks {
    static let plain = Task { try await DemoRun.make(tickets: 800, hostile: false) }
    static let hostile = Task { try await DemoRun.make(tickets: 600, hostile: true) }
}

// MARK: - The built-in pack, from its source files

/// What reports/monthly.yaml and the report files say, read independently of the tool.
enum BuiltInPack {
    struct Tile {
        let label: String
        let report: String
        let row: String
        let column: String
    }

    struct Report {
        let name: String
        let title: String
        /// bar, line or heatmap; nil when the report draws no chart.
        let chart: String?
        let chartY: [String]
    }

    static let folder = TestPaths.repositoryRoot.appendingPathComponent("Sources/Reporting/Reports")

    static var title: String {
        get throws { try yamlLines().first { $0.hasPrefix("title: ") }.map { String($0.dropFirst(7)) } ?? "" }
    }

    /// The reports shown for a month without observed history, of a store with one source:
    /// `{ report: …, when: events }` and `when: sources` entries are left out (the tests'
    /// stores first look at their tickets today, under one source).
    static func reportNames() throws -> [String] {
        var names: [String] = []
        var inReports = false
        for line in try yamlLines() {
            if line.hasPrefix("reports:") {
                inReports = true
            } else if inReports, line.hasPrefix("  - {"),
                line.contains("when: events") || line.contains("when: sources")
            {
                continue
            } else if inReports, line.hasPrefix("  - ") {
                names.append(String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces))
            } else if !line.hasPrefix(" ") {
                inReports = false
            }
        }
        return names
    }

    /// `  - { label: Tickets, report: response-times, row: All departments, column: tickets, … }`;
    /// like ``reportNames()``, without the tiles shown only `when: events`.
    static func tiles() throws -> [Tile] {
        try yamlLines().compactMap { line in
            guard line.hasPrefix("  - {"), let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}")
            else { return nil }
            var fields: [String: String] = [:]
            for part in line[line.index(after: open)..<close].split(separator: ",") {
                let pair = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2 { fields[pair[0]] = pair[1] }
            }
            guard let label = fields["label"], let report = fields["report"], let row = fields["row"],
                let column = fields["column"], fields["when"] == nil
            else { return nil }
            return Tile(label: label, report: report, row: row, column: column)
        }
    }

    static func report(_ name: String) throws -> Report {
        let text = try String(contentsOf: folder.appendingPathComponent("\(name).sql"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let title = lines.first { $0.hasPrefix("title: ") }.map { String($0.dropFirst(7)) } ?? name
        var chart: String?
        var ys: [String] = []
        if let line = lines.first(where: { $0.hasPrefix("chart: ") }) {
            chart = line.range(of: #"type: (\w+)"#, options: .regularExpression)
                .map { String(line[$0].dropFirst(6)) }
            if let y = line.range(of: #"y: \[[^\]]*\]"#, options: .regularExpression) {
                ys = line[y].dropFirst(4).dropLast().split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return Report(name: name, title: title, chart: chart, chartY: ys)
    }

    /// A title as Excel's tab shows it: forbidden characters replaced, cut to 31 characters.
    static func sheetName(_ title: String) -> String {
        let cleaned = String(title.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        return String(cleaned.prefix(31))
    }

    private static func yamlLines() throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent("monthly.yaml"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }
}

// MARK: - `report run --format json`

/// A JSON cell: a number, a string or null.
enum JSONCell: Decodable, Equatable {
    case number(Double)
    case string(String)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

struct ReportJSON: Decodable {
    struct Column: Decodable {
        let name: String
        let label: String
        let format: String
    }

    let report: String
    let columns: [Column]
    let rows: [[String: JSONCell]]

    /// The rows as arrays in column order.
    var table: [[JSONCell]] { rows.map { row in columns.map { row[$0.name] ?? .null } } }

    /// The cell in the row whose first column is `first`.
    func cell(row first: String, column: String) -> JSONCell? {
        guard let key = columns.first?.name, let row = rows.first(where: { $0[key] == .string(first) }) else {
            return nil
        }
        return row[column]
    }

    func format(of column: String) -> String? { columns.first { $0.name == column }?.format }

    /// `ticketreport report run NAME --month M --db DB --format json`.
    static func run(_ name: String, month: String, db: String, directory: URL) throws -> ReportJSON {
        let result = try CommandLineRunner.run(
            ["report", "run", name, "--month", month, "--db", db, "--format", "json"], directory: directory)
        guard result.status == 0 else { throw TestFailure("report run \(name) failed: \(result)") }
        return try JSONDecoder().decode(ReportJSON.self, from: Data(result.stdout.utf8))
    }
}

/// The display text the HTML exporter gives a value: fixed, locale-free conventions.
enum Display {
    static func text(_ cell: JSONCell, format: String) -> String {
        switch cell {
        case .null: return ""
        case .string(let text): return text
        case .number(let value):
            switch format {
            case "integer": return fixed(value, decimals: 0)
            case "number": return fixed(value, decimals: 2)
            case "hours": return fixed(value, decimals: 1)
            case "percent": return fixed(value * 100, decimals: 1) + "%"
            default: return value == value.rounded() ? String(Int64(value)) : String(value)
            }
        }
    }

    /// What a KPI tile shows: the value, with "h" after hours.
    static func tile(_ cell: JSONCell, format: String) -> String {
        let text = Self.text(cell, format: format)
        if text.isEmpty { return "—" }
        return format == "hours" ? text + " h" : text
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        var digits = String(parts[0])
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        grouped = digits + grouped
        if parts.count == 2 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped
    }
}

// MARK: - Independent readers

enum PackReaders {
    /// Runs `python3 -c script args…`; returns stdout, throws with stderr on failure.
    static func python(_ script: String, _ arguments: [String]) throws -> Data {
        let run = try ExternalTool.run("/usr/bin/env", ["python3", "-c", script] + arguments, timeout: 60)
        guard run.status == 0 else {
            if run.stderr.contains("No module named 'openpyxl'") {
                throw TestFailure("openpyxl is missing: run `make setup` (or python3 -m pip install openpyxl)")
            }
            throw TestFailure("python3 failed (\(run.status)): \(run.stderr)")
        }
        return run.stdoutData
    }

    static func workbook(_ url: URL) throws -> Workbook {
        try JSONDecoder().decode(Workbook.self, from: python(xlsxScript, [url.path, "dump"]))
    }

    /// Every piece of text in the workbook's XML parts (cells, sheet names, chart titles, properties).
    static func workbookText(_ url: URL) throws -> String {
        String(decoding: try python(xlsxScript, [url.path, "text"]), as: UTF8.self)
    }

    static func page(_ url: URL) throws -> Page {
        try JSONDecoder().decode(Page.self, from: python(htmlScript, [url.path]))
    }

    static func page(html: String) throws -> Page {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString).html")
        try Data(html.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try page(file)
    }

    struct Workbook: Decodable {
        let sheets: [Sheet]
        func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }
    }

    struct Sheet: Decodable {
        let name: String
        let freeze: String?
        let autofilter: String?
        let rows: [[Cell]]
        let conditional: [Conditional]
        let charts: [Chart]

        var header: [String] { rows.first?.map { $0.value.string ?? "" } ?? [] }
        var dataRows: [[Cell]] { Array(rows.dropFirst()) }
    }

    struct Cell: Decodable {
        let value: Value
        /// openpyxl's data type: s string, n number, d date, f formula, b bool.
        let type: String
        let format: String
        let bold: Bool
    }

    struct Value: Decodable, Equatable {
        var string: String?
        var number: Double?
        var datetime: String?
        var seconds: Double?

        var isEmpty: Bool { self == Value() }
    }

    struct Conditional: Decodable {
        let range: String
        let type: String?
        let colors: [String?]
    }

    struct Chart: Decodable {
        let type: String
        let barDir: String?
        let series: Int
    }

    struct Page: Decodable {
        struct Section: Decodable {
            let id: String
            let title: String
            let headers: [String]
            let rows: [[String]]
        }

        struct Tile: Decodable {
            let label: String
            let value: String
        }

        let tags: [String: Int]
        /// [tag, attribute, value] for every attribute in the page.
        let attributes: [[String]]
        let meta: [[String: String?]]
        let style: String
        let h1: [String]
        let sections: [Section]
        let tiles: [Tile]
        /// All text of the page, entities decoded, as a reader sees it.
        let text: String

        func section(titled title: String) -> Section? { sections.first { $0.title == title } }
    }

    static let xlsxScript = #"""
        import sys, json, datetime, zipfile, posixpath
        import xml.etree.ElementTree as ET

        path, mode = sys.argv[1], sys.argv[2]
        z = zipfile.ZipFile(path)
        if mode == "text":
            parts = []
            for name in z.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    root = ET.fromstring(z.read(name))
                    parts.extend(t for t in root.itertext())
                    parts.extend(v for e in root.iter() for v in e.attrib.values())
            print("\n".join(parts))
            sys.exit(0)

        NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
              "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
              "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
        RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

        def rels(part):
            folder, name = posixpath.split(part)
            rel = posixpath.join(folder, "_rels", name + ".rels")
            if rel not in z.namelist():
                return {}
            return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
                    for r in ET.fromstring(z.read(rel)).findall("pr:Relationship", NS)}

        def charts_for(sheet_part):
            # openpyxl drops charts when it reads a file, so they come from the chart XML itself.
            found = []
            for target in rels(sheet_part).values():
                if "drawings/" not in target:
                    continue
                for chart_part in rels(target).values():
                    if "charts/" not in chart_part:
                        continue
                    plot = ET.fromstring(z.read(chart_part)).find(".//c:plotArea", NS)
                    for kind in ("barChart", "lineChart", "pieChart", "areaChart", "scatterChart"):
                        node = plot.find("c:" + kind, NS)
                        if node is not None:
                            bar_dir = node.find("c:barDir", NS)
                            found.append({"type": kind, "series": len(node.findall("c:ser", NS)),
                                          "barDir": bar_dir.get("val") if bar_dir is not None else None})
            return found

        def encode(v):
            if isinstance(v, datetime.datetime):
                v = (v + datetime.timedelta(microseconds=500000)).replace(microsecond=0)
                return {"datetime": v.isoformat(sep=" ")}
            if isinstance(v, datetime.date):
                return {"datetime": v.isoformat() + " 00:00:00"}
            if isinstance(v, datetime.timedelta):
                return {"seconds": v.total_seconds()}
            if isinstance(v, bool):
                return {"number": float(v)}
            if isinstance(v, (int, float)):
                return {"number": float(v)}
            if v is None:
                return {}
            return {"string": str(v)}

        import openpyxl
        wb = openpyxl.load_workbook(path)
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        targets = rels("xl/workbook.xml")
        parts = {s.get("name"): targets[s.get(RID)] for s in workbook.find("m:sheets", NS)}
        sheets = []
        for ws in wb.worksheets:
            rows = [[{"value": encode(c.value), "type": c.data_type, "format": c.number_format,
                      "bold": bool(c.font and c.font.b)} for c in row] for row in ws.iter_rows()]
            conditional = []
            for cf in ws.conditional_formatting:
                for rule in cf.rules:
                    colors = [c.rgb for c in rule.colorScale.color] if rule.colorScale is not None else []
                    conditional.append({"range": str(cf.sqref), "type": rule.type, "colors": colors})
            sheets.append({"name": ws.title, "freeze": ws.freeze_panes, "autofilter": ws.auto_filter.ref,
                           "rows": rows, "conditional": conditional, "charts": charts_for(parts[ws.title])})
        print(json.dumps({"sheets": sheets}))
        """#

    static let htmlScript = #"""
        import sys, json
        from html.parser import HTMLParser

        VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "area", "base", "col", "embed", "source", "track"}

        class Reader(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack, self.tags, self.attributes, self.meta = [], {}, [], []
                self.style, self.h1, self.text = "", [], []
                self.sections, self.tiles, self.row, self.cell, self.in_head = [], [], None, None, False
            def classes(self):
                return [c for _, a in self.stack for c in (a.get("class") or "").split()]
            def handle_starttag(self, tag, attrs):
                self.tags[tag] = self.tags.get(tag, 0) + 1
                a = dict(attrs)
                for name, value in attrs:
                    self.attributes.append([tag, name, value or ""])
                if tag == "meta":
                    self.meta.append(a)
                if tag == "section" and "report" in (a.get("class") or "").split():
                    self.sections.append({"id": a.get("id") or "", "title": "", "headers": [], "rows": []})
                if "tile" in (a.get("class") or "").split():
                    self.tiles.append({"label": "", "value": ""})
                if tag == "thead":
                    self.in_head = True
                if tag == "tr":
                    self.row = []
                if tag in ("td", "th"):
                    self.cell = ""
                if tag not in VOID:
                    self.stack.append((tag, a))
            def handle_startendtag(self, tag, attrs):
                self.tags[tag] = self.tags.get(tag, 0) + 1
                for name, value in attrs:
                    self.attributes.append([tag, name, value or ""])
                if tag == "meta":
                    self.meta.append(dict(attrs))
            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.cell is not None and self.row is not None:
                    self.row.append(self.cell)
                    self.cell = None
                if tag == "tr" and self.row is not None and self.sections:
                    section = self.sections[-1]
                    if self.in_head:
                        section["headers"] = self.row
                    else:
                        section["rows"].append(self.row)
                    self.row = None
                if tag == "thead":
                    self.in_head = False
                if any(t == tag for t, _ in self.stack):
                    while self.stack:
                        top, _ = self.stack.pop()
                        if top == tag:
                            break
            def handle_data(self, data):
                tags = [t for t, _ in self.stack]
                self.text.append(data)
                if self.cell is not None:
                    self.cell += data
                if "style" in tags:
                    self.style += data
                if tags and tags[-1] == "h1":
                    self.h1.append(data)
                if tags and tags[-1] == "h2" and self.sections:
                    self.sections[-1]["title"] += data
                classes = self.classes()
                if self.tiles and "tile-label" in classes:
                    self.tiles[-1]["label"] += data
                if self.tiles and "tile-value" in classes:
                    self.tiles[-1]["value"] += data

        reader = Reader()
        reader.feed(open(sys.argv[1], encoding="utf-8").read())
        reader.close()
        print(json.dumps({"tags": reader.tags, "attributes": reader.attributes, "meta": reader.meta,
                          "style": reader.style, "h1": reader.h1, "sections": reader.sections,
                          "tiles": reader.tiles, "text": "".join(reader.text)}))
        """#
}

// MARK: - External programs

/// A program outside the package (python3, chromium, libreoffice), bounded in time.
enum ExternalTool {
    struct Run {
        let status: Int32
        let stdoutData: Data
        let stderr: String
        var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    }

    /// The program's path when it is on PATH.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `program` under timeout(1): SIGTERM after `timeout` seconds, SIGKILL 5 s later.
    /// Output goes to files, so a large dump never blocks on a full pipe.
    static func run(_ program: String, _ arguments: [String], timeout: Int, directory: URL? = nil) throws -> Run {
        let scratch = try TestPaths.scratchDirectory("tool")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", String(timeout), program] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        return Run(
            status: process.terminationStatus, stdoutData: (try? Data(contentsOf: out)) ?? Data(),
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// Headless Chromium: Debian's `chromium`, installed by `make setup`.
enum Chromium {
    static let path = ExternalTool.find("chromium")
    static let missing = "chromium is not installed (make setup installs it: apt-get install chromium)"

    static func arguments(_ extra: [String], profile: URL) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile.path)",
        ] + extra
    }

    /// The DOM after the page loaded and ran whatever it was allowed to run.
    static func dumpDOM(_ page: URL) throws -> String {
        guard let path else { throw TestFailure(missing) }
        let profile = try TestPaths.scratchDirectory("chromium")
        defer { try? FileManager.default.removeItem(at: profile) }
        let run = try ExternalTool.run(
            path, arguments(["--dump-dom", page.absoluteString], profile: profile), timeout: 60)
        guard run.status == 0, !run.stdoutData.isEmpty else {
            throw TestFailure("chromium --dump-dom exited \(run.status): \(run.stderr.suffix(2000))")
        }
        return run.stdout
    }

    static func screenshot(_ page: URL, to png: URL, size: String = "1280,2000") throws {
        guard let path else { throw TestFailure(missing) }
        let profile = try TestPaths.scratchDirectory("chromium")
        defer { try? FileManager.default.removeItem(at: profile) }
        let run = try ExternalTool.run(
            path,
            arguments(
                ["--screenshot=\(png.path)", "--window-size=\(size)", "--hide-scrollbars", page.absoluteString],
                profile: profile),
            timeout: 60)
        guard run.status == 0 else {
            throw TestFailure("chromium --screenshot exited \(run.status): \(run.stderr.suffix(2000))")
        }
    }
}
