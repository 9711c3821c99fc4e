import Foundation

/// A saved `.sql` file run as a query (`query --file`, a workbook's `--sheet FILE.sql`):
/// its statement, and the name its results take from the file.
///
///     let saved = try QueryFile(path: "queries/rated-replies.sql")   // saved.name == "rated-replies"
///     try runner.streamQuery(sql: saved.sql, arguments: arguments, name: saved.name, file: saved.path, into: sink)
package struct QueryFile: Sendable {
    package var path: String
    /// The file's name without its extension.
    package var name: String
    package var sql: String

    /// Reads the file; invalid UTF-8 becomes U+FFFD rather than an error.
    package init(path: String) throws(ReportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError(.invalidParameter, "cannot read \(path) (does it exist?)")
        }
        self.path = path
        self.name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.sql = String(decoding: data, as: UTF8.self)
    }
}
