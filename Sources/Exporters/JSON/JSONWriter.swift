import Foundation
import Reporting

/// Streams rows as one JSON document, one row object per line.
///
/// ```json
/// {"report":"frt","params":{"month":"2026-10"},
/// "columns":[{"name":"department","label":"Department","format":"text"}],
/// "rows":[
/// {"department":"Billing","median_h":3.5},
/// {"department":"Sales","median_h":null}
/// ]}
/// ```
///
/// Integers are written as integers, doubles in their shortest round-trip form, NULL (and
/// NaN or infinity, which JSON cannot carry) as null. Row keys are the column names; a
/// repeated name gets `_2`, `_3`… in both `columns` and the rows so no value is lost.
package final class JSONWriter: RowSink {
    private let output: ExportOutput
    private var keys: [String]?
    private var rowNumber = 0

    /// The report's name and parameters come with the header given to `begin(_:)`.
    package init(output: ExportOutput) {
        self.output = output
    }

    package func begin(_ header: ResultTable) throws {
        guard keys == nil else { throw ExportError.misuse("JSONWriter.begin called twice") }
        let columns = header.columns
        let keys = Self.uniqueKeys(columns.map(\.name))
        self.keys = keys.map(Self.quoted)
        var head = "{\"report\":" + Self.quoted(header.name) + ",\"params\":{"
        head += header.parameters.map { Self.quoted($0.name) + ":" + Self.quoted($0.value) }.joined(separator: ",")
        head += "},\n\"columns\":["
        head += zip(columns, keys).map { column, key in
            "{\"name\":\(Self.quoted(key)),\"label\":\(Self.quoted(column.label)),"
                + "\"format\":\(Self.quoted(column.format.rawValue))}"
        }.joined(separator: ",")
        head += "],\n\"rows\":["
        try output.write(head)
    }

    package func append(_ row: [CellValue]) throws {
        guard let keys else { throw ExportError.misuse("JSONWriter.append before begin") }
        rowNumber += 1
        guard row.count <= keys.count else {
            abort()
            let target = output.fileURL.map { " (\"\($0.path)\" was not written)" } ?? ""
            throw ExportError(
                .invalidInput, "JSON row \(rowNumber) has \(row.count) cells for \(keys.count) columns\(target)")
        }
        var line = rowNumber == 1 ? "\n{" : ",\n{"
        for (index, key) in keys.enumerated() {
            if index > 0 { line += "," }
            line += key
            line += ":"
            line += index < row.count ? Self.literal(row[index]) : "null"
        }
        line += "}"
        try output.write(line)
    }

    package func finish() throws {
        guard keys != nil else { throw ExportError.misuse("JSONWriter.finish before begin(columns:)") }
        try output.write("\n]}\n")
        try output.finish()
    }

    package func abort() {
        output.discard()
    }

    static func literal(_ value: CellValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let integer): return String(integer)
        case .real(let real): return real.isFinite ? String(real) : "null"
        case .text(let text): return quoted(text)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; U+2028 and
    /// U+2029 too, so the output is also safe to paste into JavaScript.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x00...0x1F, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
        return result
    }

    static func uniqueKeys(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { name in
            var key = name
            var number = 2
            while !seen.insert(key).inserted {
                key = "\(name)_\(number)"
                number += 1
            }
            return key
        }
    }
}

/// Result tables as JSON text or files; thin wrappers over `JSONWriter`.
package enum JSONExporter {
    /// The table as a JSON document.
    package static func render(table: ResultTable) throws -> String {
        let output = ExportOutput.memory()
        try JSONWriter(output: output).write(table: table)
        return output.string
    }

    /// Writes the table to `url` (through a temporary file renamed on success).
    package static func write(table: ResultTable, to url: URL) throws {
        try JSONWriter(output: .file(url)).write(table: table)
    }
}
