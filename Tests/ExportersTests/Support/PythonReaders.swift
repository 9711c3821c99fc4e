import Foundation
import Testing

/// Runs the independent readers (openpyxl, html.parser) that check what the exporters wrote.
///
/// The scripts live here as text rather than as files in the test folder, so the test target
/// needs no resources. They need `python3` with openpyxl: `python3 -m pip install openpyxl`.
enum PythonReaders {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `python3 -c script args…` and returns its stdout; throws with stderr on failure.
    static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read before waiting: a large dump would otherwise fill the pipe and block python.
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self)
            if message.contains("No module named 'openpyxl'") {
                throw Failure(description: "openpyxl is missing: run `python3 -m pip install openpyxl`")
            }
            throw Failure(description: "python3 failed (\(process.terminationStatus)): \(message)")
        }
        return output
    }

    static func xlsx(_ url: URL, maxRows: Int = 200) throws -> XLSXDump {
        let data = try run(xlsxScript, [url.path, "full", String(maxRows)])
        return try JSONDecoder().decode(XLSXDump.self, from: data)
    }

    static func xlsxRawCounts(_ url: URL) throws -> [RawSheetCount] {
        let data = try run(xlsxScript, [url.path, "raw"])
        return try JSONDecoder().decode([RawSheetCount].self, from: data)
    }

    static func xlsxSequentialCheck(_ url: URL) throws -> SequentialCheck {
        let data = try run(xlsxScript, [url.path, "sequential"])
        return try JSONDecoder().decode(SequentialCheck.self, from: data)
    }

    static func html(_ html: String) throws -> HTMLDump {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString).html")
        try Data(html.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let data = try run(htmlScript, [file.path])
        return try JSONDecoder().decode(HTMLDump.self, from: data)
    }

    // MARK: - openpyxl

    static let xlsxScript = #"""
        import sys, json, datetime, zipfile, re, posixpath
        import xml.etree.ElementTree as ET

        path, mode = sys.argv[1], sys.argv[2]
        NS = {
            "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
            "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
        }
        RID = "{%s}id" % NS["r"]

        def rels(z, part):
            folder, name = posixpath.split(part)
            rel = posixpath.join(folder, "_rels", name + ".rels")
            if rel not in z.namelist():
                return {}
            out = {}
            for r in ET.fromstring(z.read(rel)).findall("pr:Relationship", NS):
                out[r.get("Id")] = posixpath.normpath(posixpath.join(folder, r.get("Target")))
            return out

        def sheet_parts(z):
            wb = ET.fromstring(z.read("xl/workbook.xml"))
            targets = rels(z, "xl/workbook.xml")
            return [(s.get("name"), targets[s.get(RID)]) for s in wb.find("m:sheets", NS)]

        def charts_for(z, sheet_part):
            found = []
            for target in rels(z, sheet_part).values():
                if "drawings/" not in target:
                    continue
                for chart_part in rels(z, target).values():
                    if "charts/" not in chart_part:
                        continue
                    root = ET.fromstring(z.read(chart_part))
                    plot = root.find(".//c:plotArea", NS)
                    for kind in ("barChart", "lineChart"):
                        node = plot.find("c:" + kind, NS)
                        if node is None:
                            continue
                        bar_dir = node.find("c:barDir", NS)
                        series = node.findall("c:ser", NS)
                        found.append({
                            "type": kind,
                            "barDir": bar_dir.get("val") if bar_dir is not None else None,
                            "series": len(series),
                            "categories": [s.findtext("c:cat//c:f", default="", namespaces=NS) for s in series],
                            "values": [s.findtext("c:val//c:f", default="", namespaces=NS) for s in series],
                            "names": [s.findtext("c:tx//c:f", default="", namespaces=NS) for s in series],
                        })
            return found

        def encode(v):
            if isinstance(v, datetime.datetime):
                return {"datetime": v.isoformat(sep=" ")}
            if isinstance(v, datetime.date):
                return {"datetime": v.isoformat()}
            if isinstance(v, datetime.time):
                return {"time": v.isoformat()}
            if isinstance(v, datetime.timedelta):
                return {"seconds": v.total_seconds()}
            if isinstance(v, bool):
                return {"bool": v}
            if isinstance(v, (int, float)):
                return {"number": float(v)}
            if v is None:
                return {}
            return {"string": str(v)}

        if mode == "raw":
            # Count <row> elements straight from the sheet XML: independent of dimension tags.
            z = zipfile.ZipFile(path)
            out = []
            for name, part in sheet_parts(z):
                xml = z.read(part).decode("utf-8")
                rows = re.findall(r'<row r="(\d+)"', xml)
                values = re.findall(r"<v>([^<]*)</v>", xml)
                numbers = [float(v) for v in values]
                out.append({"name": name, "rows": len(rows), "lastRow": int(rows[-1]) if rows else 0,
                            "inlineStrings": 'inlineStr' in xml,
                            "numberCount": len(numbers), "numberSum": sum(numbers),
                            "firstNumber": numbers[0] if numbers else None,
                            "lastNumber": numbers[-1] if numbers else None})
            print(json.dumps(out))
            sys.exit(0)

        import openpyxl

        if mode == "sequential":
            # Column A must hold 1, 2, 3 … and column B "row-<n>"; reads every row.
            wb = openpyxl.load_workbook(path, read_only=True)
            ws = wb.worksheets[0]
            count, ok, first_bad = 0, True, None
            for i, (a, b) in enumerate(ws.iter_rows(min_row=2, max_col=2, values_only=True), start=1):
                count += 1
                if ok and (a != i or b != "row-%d" % i):
                    ok, first_bad = False, [str(i), repr(a), repr(b)]
            print(json.dumps({"sheets": wb.sheetnames, "dataRows": count, "allMatch": ok, "firstBad": first_bad}))
            sys.exit(0)

        max_rows = int(sys.argv[3])
        wb = openpyxl.load_workbook(path)
        z = zipfile.ZipFile(path)
        parts = dict(sheet_parts(z))
        props = wb.properties
        out = {"properties": {"title": props.title, "subject": props.subject, "creator": props.creator,
                              "created": props.created.isoformat(sep=" ") if props.created else None},
               "sheets": []}
        for ws in wb.worksheets:
            cells = []
            for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, max_rows)):
                cells.append([{"value": encode(c.value), "type": c.data_type, "format": c.number_format,
                               "bold": bool(c.font and c.font.b)} for c in row])
            conditional = []
            for cf in ws.conditional_formatting:
                for rule in cf.rules:
                    colors = []
                    if rule.colorScale is not None:
                        colors = [c.rgb for c in rule.colorScale.color]
                    conditional.append({"range": str(cf.sqref), "type": rule.type, "colors": colors})
            widths = {k: v.width for k, v in ws.column_dimensions.items() if v.width}
            out["sheets"].append({
                "name": ws.title, "freeze": ws.freeze_panes, "autofilter": ws.auto_filter.ref,
                "maxRow": ws.max_row, "maxColumn": ws.max_column, "widths": widths, "cells": cells,
                "conditional": conditional, "charts": charts_for(z, parts[ws.title]),
            })
        print(json.dumps(out))
        """#

    // MARK: - html.parser

    static let htmlScript = #"""
        import sys, json
        from html.parser import HTMLParser

        class Reader(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack, self.tags, self.attributes = [], {}, []
                self.meta, self.style, self.headers, self.rows, self.row = [], "", [], [], None
                self.cell, self.svg_texts, self.titles, self.h1 = None, [], [], []
                self.tile_values, self.classes = [], []
            def handle_starttag(self, tag, attrs):
                self.tags[tag] = self.tags.get(tag, 0) + 1
                for name, value in attrs:
                    self.attributes.append([tag, name, value or ""])
                    if name == "class":
                        self.classes.append(value or "")
                if tag == "meta":
                    self.meta.append(dict(attrs))
                if tag == "tr":
                    self.row = []
                if tag in ("td", "th"):
                    self.cell = ""
                # HTML void elements never get an end tag; everything else (SVG too) does.
                if tag not in ("meta", "br", "img", "input", "link", "hr", "wbr", "area", "base", "col", "embed",
                               "source", "track"):
                    self.stack.append((tag, dict(attrs)))
            def handle_startendtag(self, tag, attrs):
                self.tags[tag] = self.tags.get(tag, 0) + 1
                for name, value in attrs:
                    self.attributes.append([tag, name, value or ""])
            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.cell is not None and self.row is not None:
                    self.row.append(self.cell)
                    self.cell = None
                if tag == "tr" and self.row is not None:
                    (self.headers if self.row and self.in_thead() else self.rows).append(self.row)
                    self.row = None
                if any(t == tag for t, _ in self.stack):
                    while self.stack:
                        top, _ = self.stack.pop()
                        if top == tag:
                            break
            def in_thead(self):
                return any(t == "thead" for t, _ in self.stack)
            def handle_data(self, data):
                tags = [t for t, _ in self.stack]
                if self.cell is not None:
                    self.cell += data
                if "style" in tags:
                    self.style += data
                if tags and tags[-1] == "text" and "svg" in tags:
                    self.svg_texts.append(data)
                if tags and tags[-1] == "title" and "svg" in tags:
                    self.titles.append(data)
                if tags and tags[-1] == "h1":
                    self.h1.append(data)
                if self.stack and "tile-value" in self.stack[-1][1].get("class", ""):
                    self.tile_values.append(data)

        reader = Reader()
        reader.feed(open(sys.argv[1], encoding="utf-8").read())
        reader.close()
        print(json.dumps({
            "tags": reader.tags, "attributes": reader.attributes, "meta": reader.meta, "style": reader.style,
            "headers": reader.headers, "rows": reader.rows, "svgTexts": reader.svg_texts,
            "svgTitles": reader.titles, "h1": reader.h1, "tileValues": reader.tile_values,
            "classes": reader.classes,
        }))
        """#
}

// MARK: - Decoded dumps

struct XLSXDump: Decodable {
    struct Properties: Decodable {
        let title: String?
        let subject: String?
        let creator: String?
        let created: String?
    }

    struct Cell: Decodable {
        let value: Value
        let type: String
        let format: String
        let bold: Bool
    }

    struct Value: Decodable, Equatable {
        var string: String?
        var number: Double?
        var datetime: String?
        var seconds: Double?
        var time: String?
        var bool: Bool?

        var isEmpty: Bool { self == Value() }
    }

    struct ConditionalFormat: Decodable {
        let range: String
        let type: String?
        let colors: [String?]
    }

    struct Chart: Decodable {
        let type: String
        let barDir: String?
        let series: Int
        let categories: [String]
        let values: [String]
        let names: [String]
    }

    struct Sheet: Decodable {
        let name: String
        let freeze: String?
        let autofilter: String?
        let maxRow: Int
        let maxColumn: Int
        let widths: [String: Double]
        let cells: [[Cell]]
        let conditional: [ConditionalFormat]
        let charts: [Chart]

        func cell(_ row: Int, _ column: Int) -> Cell? {
            guard row < cells.count, column < cells[row].count else { return nil }
            return cells[row][column]
        }
    }

    let properties: Properties
    let sheets: [Sheet]

    func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }
}

struct RawSheetCount: Decodable {
    let name: String
    let rows: Int
    let lastRow: Int
    let inlineStrings: Bool
    let numberCount: Int
    let numberSum: Double
    let firstNumber: Double?
    let lastNumber: Double?
}

struct SequentialCheck: Decodable {
    let sheets: [String]
    let dataRows: Int
    let allMatch: Bool
    let firstBad: [String?]?
}

struct HTMLDump: Decodable {
    let tags: [String: Int]
    let attributes: [[String]]
    let meta: [[String: String?]]
    let style: String
    let headers: [[String]]
    let rows: [[String]]
    let svgTexts: [String]
    let svgTitles: [String]
    let h1: [String]
    let tileValues: [String]
    let classes: [String]
}
