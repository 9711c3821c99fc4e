import Foundation

/// The formats a result can be written in.
package enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, xlsx, html

    /// The format a file name asks for: `.xlsx`, `.csv`, `.json`, `.html`/`.htm`, `.txt` (table).
    package static func inferred(fromPath path: String) -> OutputFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "xlsx": return .xlsx
        case "csv": return .csv
        case "json": return .json
        case "html", "htm": return .html
        case "txt": return .table
        default: return nil
        }
    }

    /// The format given, else the one `path`'s extension names, else the terminal table;
    /// refuses a name whose format cannot be told, and a file format without a file.
    package static func resolve(_ format: OutputFormat?, path: String?) throws(ExportError) -> OutputFormat {
        if format == nil, let path, inferred(fromPath: path) == nil {
            throw ExportError(
                .invalidInput,
                "cannot tell the format from \"\(path)\": add --format table|csv|json|xlsx|html or use a .xlsx/.csv/.json/.html name"
            )
        }
        let resolved = format ?? path.flatMap(inferred(fromPath:)) ?? .table
        if resolved == .xlsx || resolved == .html, path == nil {
            throw ExportError(.invalidInput, "--format \(resolved.rawValue) writes a file: add -o FILE")
        }
        return resolved
    }
}
