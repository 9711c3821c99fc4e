import Foundation
import Reporting

/// Writes a pack (the monthly report) as `support-PERIOD.xlsx` and `.html` (`support-PERIOD-SOURCE.*`
/// for one source's pack) into a folder.
///
/// Each file appears whole or not at all, and is reported as it lands, so a later failure
/// still says what was written:
///
/// ```swift
/// let writer = PackWriter(folder: "packs", formats: [.xlsx, .html])
/// let files = try writer.write(pack) { url in announce(url) }   // each file as it lands
/// ```
package struct PackWriter: Sendable {
    /// The folder as the user gave it (created when missing).
    package var folder: String
    /// `.xlsx` and/or `.html`, in the order written.
    package var formats: [OutputFormat]
    /// Mustache templates overriding the built-in HTML ones (same file names).
    package var templateDirectory: URL?
    package var redaction: PersonalDataRedaction

    package init(
        folder: String, formats: [OutputFormat] = [.xlsx, .html], templateDirectory: URL? = nil,
        redaction: PersonalDataRedaction = .none
    ) {
        self.folder = folder
        self.formats = formats
        self.templateDirectory = templateDirectory
        self.redaction = redaction
    }

    /// The formats a pack can be written in, from `xlsx,html`.
    package static func formats(parsing text: String) throws(ExportError) -> [OutputFormat] {
        let formats = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let parsed = formats.compactMap(OutputFormat.init(rawValue:)).filter { $0 == .xlsx || $0 == .html }
        guard !formats.isEmpty, parsed.count == formats.count else {
            throw ExportError(.invalidInput, "--format takes xlsx, html or xlsx,html")
        }
        return parsed
    }

    /// Writes the pack in each format; `written` hears of each file as soon as it is in place.
    @discardableResult
    package func write(_ pack: ReportPack, written: (URL) -> Void = { _ in }) throws -> [URL] {
        let folder = URL(fileURLWithPath: self.folder, isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ExportError(.file, "--out \(self.folder) is a file, not a folder (choose a folder for the pack)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError(.file, "cannot create the output folder \(self.folder) (is the path writable?)")
        }
        let redacted = redaction.apply(to: pack)
        var files: [URL] = []
        for format in formats {
            let url = folder.appendingPathComponent("\(pack.fileBaseName).\(format.rawValue)")
            if format == .xlsx {
                _ = try XLSXExporter().write(pack: redacted, to: url)
            } else {
                try HTMLExporter(templateDirectory: templateDirectory).write(pack: redacted, to: url)
            }
            files.append(url)
            written(url)
        }
        return files
    }
}
