import Foundation
import Reporting

/// Streams rows as CSV (RFC 4180): UTF-8, CRLF line ends, a header row of column names.
///
/// Fields holding `,` `"` CR or LF are quoted, with `"` doubled. Text cells that start with
/// `=` `+` `-` `@` TAB or CR get a leading `'`, so a spreadsheet opening the file shows
/// them instead of evaluating them as formulas (OWASP's CSV-injection advice). Numbers are
/// written as numbers (full precision); NULL is an empty field.
package final class CSVWriter: RowSink {
    private let output: ExportOutput
    private let guardsFormulas: Bool
    private var columnCount: Int?
    private var rowNumber = 0

    /// - Parameter guardsFormulas: prefix formula-like text with `'`; turn off only for
    ///   machine consumers that never open the file in a spreadsheet.
    package init(output: ExportOutput, guardsFormulas: Bool = true) {
        self.output = output
        self.guardsFormulas = guardsFormulas
    }

    package func begin(_ header: ResultTable) throws {
        guard columnCount == nil else { throw ExportError.misuse("CSVWriter.begin called twice") }
        columnCount = header.columns.count
        for (index, column) in header.columns.enumerated() {
            if index > 0 { try output.write(byte: UInt8(ascii: ",")) }
            try writeText(column.name)
        }
        try output.write(bytes: Self.lineEnd)
    }

    package func append(_ row: [CellValue]) throws {
        guard let columnCount else { throw ExportError.misuse("CSVWriter.append before begin") }
        rowNumber += 1
        guard row.count <= columnCount else {
            abort()
            throw ExportError(
                .invalidInput, "CSV row \(rowNumber) has \(row.count) cells for \(columnCount) columns\(target)")
        }
        // Short rows are padded: every record of a CSV file has the same number of fields.
        for index in 0..<columnCount {
            if index > 0 { try output.write(byte: UInt8(ascii: ",")) }
            guard index < row.count else { continue }
            switch row[index] {
            case .null: continue
            case .integer(let integer): try output.write(String(integer))
            case .real(let real): try output.write(ValueFormatter.plain(real))
            case .text(let text): try writeText(text)
            }
        }
        try output.write(bytes: Self.lineEnd)
    }

    package func finish() throws {
        guard columnCount != nil else { throw ExportError.misuse("CSVWriter.finish before begin(columns:)") }
        try output.finish()
    }

    package func abort() {
        output.discard()
    }

    private var target: String {
        output.fileURL.map { " (\"\($0.path)\" was not written)" } ?? ""
    }

    /// One text field: guarded, quoted when it must be, written straight into the output's
    /// buffer (this runs once per cell of a million-row export).
    private func writeText(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            let guarded = guardsFormulas && bytes.first.map(Self.startsFormula) == true
            let quoted = bytes.contains(where: Self.needsQuoting)
            if quoted { try output.write(byte: UInt8(ascii: "\"")) }
            if guarded { try output.write(byte: UInt8(ascii: "'")) }
            if quoted {
                // Each `"` is doubled: write up to and including it, then one more.
                var start = 0
                for index in bytes.indices where bytes[index] == UInt8(ascii: "\"") {
                    try output.write(buffer: UnsafeBufferPointer(rebasing: bytes[start...index]))
                    try output.write(byte: UInt8(ascii: "\""))
                    start = index + 1
                }
                try output.write(buffer: UnsafeBufferPointer(rebasing: bytes[start...]))
                try output.write(byte: UInt8(ascii: "\""))
            } else {
                try output.write(buffer: bytes)
            }
        }
    }

    private static let lineEnd: [UInt8] = [0x0D, 0x0A]

    /// `=` `+` `-` `@` TAB CR: what a spreadsheet may evaluate as a formula.
    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        default: return false
        }
    }

    private static func needsQuoting(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A: return true
        default: return false
        }
    }
}

/// Result tables as CSV text or files; thin wrappers over `CSVWriter`.
package enum CSVExporter {
    /// The table as CSV text.
    package static func render(table: ResultTable, guardsFormulas: Bool = true) throws -> String {
        let output = ExportOutput.memory()
        try CSVWriter(output: output, guardsFormulas: guardsFormulas).write(table: table)
        return output.string
    }

    /// Writes the table to `url` (through a temporary file renamed on success).
    package static func write(table: ResultTable, to url: URL, guardsFormulas: Bool = true) throws {
        try CSVWriter(output: .file(url), guardsFormulas: guardsFormulas).write(table: table)
    }
}
