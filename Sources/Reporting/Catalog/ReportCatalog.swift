import Config
import Foundation

/// Where reports are found, in lookup order: `--reports-dir` (or `reports_dir:` in the
/// configuration), then `./reports` and `./queries` in the working directory, then the
/// reports built into the tool. The first file of a name wins.
///
///     let catalog = ReportCatalog.standard(config: config)
///     let names = catalog.list().map { "\($0.name): \($0.title)" }
///     let sla = try catalog.definition(named: "sla")
package struct ReportCatalog: Sendable {
    /// One folder searched for `.sql` (and pack `.yaml`) files.
    package struct Folder: Sendable, Equatable {
        package enum Origin: String, Sendable, Equatable {
            /// `--reports-dir` or the configuration's `reports_dir`.
            case custom
            /// `./reports`: shipped reports, possibly edited.
            case reports
            /// `./queries`: saved ad-hoc queries.
            case queries
            /// The copy built into the tool.
            case builtIn = "built-in"
        }

        package var url: URL
        package var origin: Origin
        /// The folder as shown in messages (`reports/`).
        package var displayName: String
        /// The files by name when they are compiled into the tool rather than read from `url`.
        package var embedded: [String: String]?

        package init(url: URL, origin: Origin, displayName: String? = nil) {
            self.url = url
            self.origin = origin
            self.displayName = displayName ?? url.lastPathComponent + "/"
        }

        /// Files built into the tool (``EmbeddedResources``), shown as `displayName`.
        package init(embedded files: [String: String], displayName: String) {
            self.url = URL(fileURLWithPath: "/")
            self.origin = .builtIn
            self.displayName = displayName
            self.embedded = files
        }

        /// The built-in reports and pack definitions.
        package static let builtInReports = Folder(
            embedded: EmbeddedResources.reports, displayName: "built-in reports/")
        /// The saved queries that ship with the tool.
        package static let builtInQueries = Folder(
            embedded: EmbeddedResources.queries, displayName: "built-in queries/")

        /// The names of the folder's files with this extension, without it, sorted.
        func names(extension ext: String) -> [String] {
            let files =
                embedded.map { Array($0.keys) } ?? (try? FileManager.default.contentsOfDirectory(atPath: url.path))
                ?? []
            return files.filter { $0.hasSuffix(".\(ext)") && !$0.hasPrefix(".") }
                .map { String($0.dropLast(ext.count + 1)) }.sorted()
        }

        /// The text of `file` in this folder, nil when it has none; throws when it cannot be read.
        func text(of file: String, kind: String, shownAs shown: String) throws(ReportError) -> String? {
            if let embedded { return embedded[file] }
            let url = url.appendingPathComponent(file)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return nil }
            do {
                return try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ReportError(.io, "cannot read the \(kind) file (is it UTF-8 text?)", file: shown)
            }
        }
    }

    /// A report as `report list` shows it.
    package struct Entry: Sendable, Equatable {
        package var name: String
        package var title: String
        package var description: String
        package var origin: Folder.Origin
        /// The file as shown to users.
        package var file: String
        /// Set when the file does not load; the report is still listed so the error is seen.
        package var problem: String?
    }

    package var folders: [Folder]

    package init(folders: [Folder]) {
        self.folders = folders
    }

    /// The standard lookup order. Folders that do not exist are skipped when searching.
    package static func standard(
        reportsDirectory: String? = nil, workingDirectory: URL? = nil, includeBuiltIn: Bool = true
    ) -> ReportCatalog {
        let cwd = workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var folders: [Folder] = []
        if let reportsDirectory {
            let url =
                reportsDirectory.hasPrefix("/")
                ? URL(fileURLWithPath: reportsDirectory) : cwd.appendingPathComponent(reportsDirectory)
            folders.append(
                Folder(
                    url: url, origin: .custom,
                    displayName: reportsDirectory.hasSuffix("/") ? reportsDirectory : reportsDirectory + "/"))
        }
        folders.append(Folder(url: cwd.appendingPathComponent("reports"), origin: .reports, displayName: "reports/"))
        folders.append(Folder(url: cwd.appendingPathComponent("queries"), origin: .queries, displayName: "queries/"))
        if includeBuiltIn {
            folders += [.builtInReports, .builtInQueries]
        }
        return ReportCatalog(folders: folders)
    }

    /// The standard lookup order with the configuration's `reports_dir`, unless `--reports-dir` overrides it.
    package static func standard(config: TicketReportConfig, reportsDirectory: String? = nil) -> ReportCatalog {
        standard(reportsDirectory: reportsDirectory ?? config.reportsDirectory)
    }

    /// Only the built-in reports.
    package static var builtIn: ReportCatalog {
        ReportCatalog(folders: [.builtInReports])
    }

    /// Every report, first of each name in lookup order, sorted by name.
    package func list() -> [Entry] {
        var entries: [String: Entry] = [:]
        for folder in folders {
            for name in folder.names(extension: "sql") where entries[name] == nil {
                let file = folder.displayName + name + ".sql"
                do {
                    let text = try folder.text(of: name + ".sql", kind: "report", shownAs: file) ?? ""
                    let definition = try ReportDefinition(name: name, file: file, text: text)
                    entries[name] = Entry(
                        name: name, title: definition.title, description: definition.description, origin: folder.origin,
                        file: file)
                } catch {
                    entries[name] = Entry(
                        name: name, title: name, description: "", origin: folder.origin, file: file,
                        problem: error.description)
                }
            }
        }
        return entries.values.sorted { $0.name < $1.name }
    }

    /// Loads the report called `name` (with or without `.sql`).
    package func definition(named name: String) throws(ReportError) -> ReportDefinition {
        let base = try Self.checkedName(name, extension: "sql")
        let file = base + ".sql"
        guard let (folder, text) = try locate(file, kind: "report") else {
            throw ReportError(
                .notFound, "report \"\(base)\" not found in \(searchedDescription) (try: ticketreport report list)")
        }
        return try ReportDefinition(name: base, file: folder.displayName + file, text: text)
    }

    /// Loads the pack called `name` (`monthly` → `monthly.yaml`).
    package func pack(named name: String) throws(ReportError) -> PackDefinition {
        let base = try Self.checkedName(name, extension: "yaml")
        let file = base + ".yaml"
        guard let (folder, text) = try locate(file, kind: "pack") else {
            throw ReportError(.notFound, "pack \"\(base)\" not found in \(searchedDescription) (look for \(file))")
        }
        return try PackDefinition(name: base, file: folder.displayName + file, text: text)
    }

    private var searchedDescription: String {
        let names = folders.map(\.displayName)
        return names.isEmpty ? "no folder" : names.joined(separator: ", ")
    }

    /// The first folder holding `file`, and the file's text.
    private func locate(_ file: String, kind: String) throws(ReportError) -> (Folder, String)? {
        for folder in folders {
            if let text = try folder.text(of: file, kind: kind, shownAs: folder.displayName + file) {
                return (folder, text)
            }
        }
        return nil
    }

    /// A report name is a file name inside its folder: no path separators, no `..`, no
    /// leading dot, so `../secrets` cannot reach outside the folder.
    static func checkedName(_ name: String, extension ext: String) throws(ReportError) -> String {
        var base = name
        if base.hasSuffix(".\(ext)") { base = String(base.dropLast(ext.count + 1)) }
        let allowed = base.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_"
                || $0 == "."
        }
        guard !base.isEmpty, allowed, !base.hasPrefix("."), !base.contains("..") else {
            throw ReportError(
                .notFound,
                "report name \"\(name)\" is not allowed: use a name from `ticketreport report list` "
                    + "(letters, digits, - and _; no folders)")
        }
        return base
    }
}
