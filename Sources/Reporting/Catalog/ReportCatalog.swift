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

        package init(url: URL, origin: Origin, displayName: String? = nil) {
            self.url = url
            self.origin = origin
            self.displayName = displayName ?? url.lastPathComponent + "/"
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
        if includeBuiltIn, let builtIn = BuiltInReports.directory {
            folders.append(Folder(url: builtIn, origin: .builtIn, displayName: "built-in reports/"))
        }
        return ReportCatalog(folders: folders)
    }

    /// The standard lookup order with the configuration's `reports_dir`, unless `--reports-dir` overrides it.
    package static func standard(config: TicketReportConfig, reportsDirectory: String? = nil) -> ReportCatalog {
        standard(reportsDirectory: reportsDirectory ?? config.reportsDirectory)
    }

    /// Only the built-in reports.
    package static var builtIn: ReportCatalog {
        ReportCatalog(
            folders: BuiltInReports.directory.map {
                [Folder(url: $0, origin: .builtIn, displayName: "built-in reports/")]
            }
                ?? [])
    }

    /// Every report, first of each name in lookup order, sorted by name.
    package func list() -> [Entry] {
        var entries: [String: Entry] = [:]
        for folder in folders {
            for name in Self.names(in: folder.url, extension: "sql") where entries[name] == nil {
                let file = folder.displayName + name + ".sql"
                do {
                    let definition = try ReportDefinition.load(
                        contentsOf: folder.url.appendingPathComponent(name + ".sql"), name: name, file: file)
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
        guard let (folder, url) = locate(base, extension: "sql") else {
            throw ReportError(
                .notFound, "report \"\(base)\" not found in \(searchedDescription) (try: ticketreport report list)")
        }
        return try ReportDefinition.load(contentsOf: url, name: base, file: folder.displayName + base + ".sql")
    }

    /// Loads the pack called `name` (`monthly` → `monthly.yaml`).
    package func pack(named name: String) throws(ReportError) -> PackDefinition {
        let base = try Self.checkedName(name, extension: "yaml")
        guard let (folder, url) = locate(base, extension: "yaml") else {
            throw ReportError(.notFound, "pack \"\(base)\" not found in \(searchedDescription) (look for \(base).yaml)")
        }
        return try PackDefinition.load(contentsOf: url, name: base, file: folder.displayName + base + ".yaml")
    }

    private var searchedDescription: String {
        let names = folders.map(\.displayName)
        return names.isEmpty ? "no folder" : names.joined(separator: ", ")
    }

    private func locate(_ name: String, extension ext: String) -> (Folder, URL)? {
        for folder in folders {
            let url = folder.url.appendingPathComponent("\(name).\(ext)")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return (folder, url)
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

    static func names(in folder: URL, extension ext: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".\(ext)") && !$0.hasPrefix(".") }.map { String($0.dropLast(ext.count + 1)) }
            .sorted()
    }
}

/// The reports shipped inside the tool (the `Reports` resource of this module).
///
/// The canonical files live in `Sources/Reporting/Reports/`; the repository's top-level
/// `reports/` is a symbolic link to that folder, so there is one copy to edit and the tool
/// finds the same files whether it runs from the repository or is installed.
package enum BuiltInReports {
    /// The folder holding the built-in `.sql` files and `monthly.yaml`, or nil when the
    /// resource bundle was not installed next to the binary.
    package static var directory: URL? {
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("monthly.yaml").path) {
            return candidate
        }
        return nil
    }

    /// SwiftPM's own lookup (`Bundle.module`) aborts the process when the bundle is
    /// missing, so the same places are tried by hand: next to the executable (as
    /// installed, also through a symlinked binary), then the source tree (development).
    static var candidates: [URL] {
        let bundleName = "ticketreport_Reporting.resources"
        var urls: [URL] = [Bundle.main.bundleURL.appendingPathComponent(bundleName).appendingPathComponent("Reports")]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let folder = executable.deletingLastPathComponent()
            urls.append(folder.appendingPathComponent(bundleName).appendingPathComponent("Reports"))
            urls.append(
                folder.appendingPathComponent("ticketreport_Reporting.bundle").appendingPathComponent("Reports"))
            urls.append(
                folder.appendingPathComponent("../share/ticketreport/reports").standardizedFileURL)
        }
        urls.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Reports"))
        return urls
    }
}
