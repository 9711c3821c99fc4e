import Foundation
import Mustache

/// Loads the HTML templates: the shipped ones from the bundle, then a user's folder over them.
///
/// Shipped: `pack`, `table` (whole pages) and the partials `head`, `style`, `page-header`,
/// `tile`, `table-section`, `chart`. A user folder may replace any of them by file name.
enum HTMLTemplates {
    static func library(overrides directory: URL?) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        guard let shipped = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ExportError(
                .template,
                "the HTML templates are missing from the ticketreport_Exporters resource bundle (reinstall ticketreport)"
            )
        }
        try register(from: shipped, into: &library)
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw ExportError(
                    .template,
                    "template folder \"\(directory.path)\" does not exist (create it with files named like "
                        + "pack.mustache, or drop the template option)")
            }
            try register(from: directory, into: &library)
        }
        for name in ["pack", "table"] where library.getTemplate(named: name) == nil {
            throw ExportError(.template, "template \"\(name).mustache\" is missing (restore it in the template folder)")
        }
        return library
    }

    private static func register(from directory: URL, into library: inout MustacheLibrary) throws {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ExportError(
                .template, "cannot read template folder \"\(directory.path)\": \(error.localizedDescription)")
        }
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ExportError(.template, "cannot read template \"\(url.path)\" (check its permissions)")
            }
            do {
                let template = try MustacheTemplate(string: String(decoding: data, as: UTF8.self))
                library.register(template, named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw ExportError(
                    .template,
                    "template \"\(url.path)\" line \(error.context.lineNumber), column \(error.context.columnNumber): "
                        + "\(error.error) (fix the mustache tag there)")
            } catch {
                throw ExportError(.template, "template \"\(url.path)\" cannot be parsed: \(error) (fix the template)")
            }
        }
    }
}
