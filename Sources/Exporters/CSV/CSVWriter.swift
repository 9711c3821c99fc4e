import Foundation
import Reporting

/// Streams rows as CSV (RFC 4180): UTF-8, CRLF line ends, a header row of column names.
///
/// Fields holding `,` `"` CR or LF are quoted, with `"` doubled. Text cells that start with
/// `=` `+` `-` `@` TAB or CR get a leading `'`, so a spreadsheet opening the file shows
/// them instead of evaluating them as formulas (OWASP's CSV-injection advice). Numbers are
/// written as numbers (full precision); NULL is an empty field.
public final class CSVWriter: RowSink {
    private let output: ExportOutput
    private let guardsFormulas: Bool
    private var columnCount: Int?
    private var rowNumber = 0

    /// - Parameter guardsFormulas: prefix formula-like text with `'`; turn off only for
    ///   machine consumers that never open the file in a spreadsheet.
    public init(output: ExportOutput, guardsFormulas: Bool = true) {
        self.output = output
        self.guardsFormulas = guardsFormulas
    }

    public func begin(columns: [ResultColumn]) throws {
        guard columnCount == nil else { throw ExportError.misuse("CSVWriter.begin(columns:) called twice") }
        columnCount = columns.count
        try writeRecord(columns.map { field(forText: $0.name) })
    }

    public func append(_ row: [CellValue]) throws {
        guard let columnCount else { throw ExportError.misuse("CSVWriter.append before begin(columns:)") }
        rowNumber += 1
        guard row.count <= columnCount else {
            abort()
            throw ExportError(
                .invalidInput, "CSV row \(rowNumber) has \(row.count) cells for \(columnCount) columns\(target)")
        }
        var fields = row.map(field(for:))
        // Short rows are padded: every record of a CSV file has the same number of fields.
        while fields.count < columnCount { fields.append("") }
        try writeRecord(fields)
    }

    public func finish() throws {
        guard columnCount != nil else { throw ExportError.misuse("CSVWriter.finish before begin(columns:)") }
        try output.finish()
    }

    public func abort() {
        output.discard()
    }

    private var target: String {
        output.fileURL.map { " (\"\($0.path)\" was not written)" } ?? ""
    }

    private func writeRecord(_ fields: [String]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { try output.write(byte: UInt8(ascii: ",")) }
            try output.write(field)
        }
        try output.write(bytes: [0x0D, 0x0A])
    }

    private func field(for value: CellValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let integer): return String(integer)
        case .real(let real): return ValueFormatter.plain(real)
        case .text(let text): return field(forText: text)
        }
    }

    private func field(forText text: String) -> String {
        var text = text
        if guardsFormulas, let first = text.utf8.first, Self.formulaStarts.contains(first) {
            text = "'" + text
        }
        guard text.utf8.contains(where: { Self.needsQuoting.contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
    ]
    private static let needsQuoting: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A]
}

/// Result tables as CSV text or files; thin wrappers over `CSVWriter`.
public enum CSVExporter {
    /// The table as CSV text.
    public static func render(table: ResultTable, guardsFormulas: Bool = true) throws -> String {
        let output = ExportOutput.memory()
        try CSVWriter(output: output, guardsFormulas: guardsFormulas).write(table: table)
        return output.string
    }

    /// Writes the table to `url` (through a temporary file renamed on success).
    public static func write(table: ResultTable, to url: URL, guardsFormulas: Bool = true) throws {
        try CSVWriter(output: .file(url), guardsFormulas: guardsFormulas).write(table: table)
    }
}
