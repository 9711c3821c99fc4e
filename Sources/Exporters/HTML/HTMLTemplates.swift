import Foundation
import Mustache

/// Loads the HTML templates: the shipped ones, compiled into the tool, then a user's folder
/// over them.
///
/// Shipped: `pack`, `table` (whole pages) and the partials `head`, `style`, `page-header`,
/// `tile`, `table-section`, `chart`. A user folder may replace any of them by file name.
enum HTMLTemplates {
    static func library(overrides directory: URL?) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (file, text) in EmbeddedTemplates.templates.sorted(by: { $0.key < $1.key }) {
            try register(text, file: file, shownAs: "built-in " + file, into: &library)
        }
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
            try register(String(decoding: data, as: UTF8.self), file: file, shownAs: url.path, into: &library)
        }
    }

    private static func register(
        _ text: String, file: String, shownAs shown: String, into library: inout MustacheLibrary
    ) throws {
        do {
            let template = try MustacheTemplate(string: text)
            library.register(template, named: String(file.dropLast(".mustache".count)))
        } catch let error as MustacheTemplate.ParserError {
            throw ExportError(
                .template,
                "template \"\(shown)\" line \(error.context.lineNumber), column \(error.context.columnNumber): "
                    + "\(error.error) (fix the mustache tag there)")
        } catch {
            throw ExportError(.template, "template \"\(shown)\" cannot be parsed: \(error) (fix the template)")
        }
    }
}
