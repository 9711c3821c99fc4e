import Foundation
import HelpdeskSimulator
import TestSupport
import Testing

/// A hostile helpdesk (markup, formulas, SQL, control characters, invalid UTF-8, a 1 MiB
/// message, quirky JSON, transient faults) over real HTTP, then every report in every
/// format, the monthly pack and a workbook of everything: each command succeeds, nothing
/// in any output can run (no script, no formula, no terminal escape) and no access key
/// reaches any file.
@Suite("Hostile helpdesk end to end (real processes)")
struct HostileEndToEndTests {
    @Test
    func everyReportAndExportOfAHostileHelpdeskIsSafe() async throws {
        let dir = try TestPaths.scratchDirectory("hostile-e2e")
        let db = dir.appendingPathComponent("tickets.sqlite").path
        let dataset = SimulatedDataset(seed: 7, ticketCount: 400, hostile: true, quirks: true)
        let accessKeys = dataset.ids.filter { dataset.contains(id: $0) }.map { dataset.accessKey(id: $0) }

        try await withSimulatorProcess(
            ["--seed", "7", "--tickets", "400", "--hostile", "--quirks", "--fault-rate", "0.05", "--retry-after", "0"]
        ) { simulator in
            let ingest = try await CommandLineRunner.runAsync(
                ["ingest", "--url", simulator.url, "--from", "1", "--to", "400", "--db", db],
                environment: ["TICKETREPORT_TOKEN": SimulatorConfiguration.defaultToken])
            try #require(ingest.status == 0, "\(ingest)")
        }
        #expect(try StoreFile.halfStoredTickets(db, dataset: dataset).isEmpty)

        let list = try await CommandLineRunner.runAsync(["report", "list"], directory: dir)
        try #require(list.status == 0, "\(list)")
        let names = list.stdout.split(separator: "\n").dropLast().compactMap { $0.split(separator: " ").first }
            .map(String.init)
        try #require(names.count >= 5, "\(list)")

        var files: [URL] = []
        for name in names {
            for format in ["table", "csv", "json"] {
                let result = try await CommandLineRunner.runAsync(
                    ["report", "run", name, "--db", db, "--format", format], directory: dir)
                #expect(result.status == 0, "\(name) \(format): \(result)")
                #expect(!result.stderr.contains("Error"), "\(name) \(format): \(result)")
                if format == "table" {
                    let controls = result.stdout.unicodeScalars.filter {
                        $0.properties.generalCategory == .control && $0 != "\n"
                    }
                    #expect(
                        controls.isEmpty,
                        "\(name): the terminal table carries control characters \(controls.map(\.value))")
                }
                if format == "json" {
                    #expect(
                        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil,
                        "\(name): the JSON does not parse")
                }
                let leaked = accessKeys.filter { result.stdout.contains($0) }
                #expect(leaked.isEmpty, "\(name) \(format) shows access keys \(leaked.prefix(3))")
            }
            for format in ["xlsx", "html"] {
                let file = dir.appendingPathComponent("\(name).\(format)")
                let result = try await CommandLineRunner.runAsync(
                    ["report", "run", name, "--db", db, "--format", format, "-o", file.path], directory: dir)
                #expect(result.status == 0, "\(name) \(format): \(result)")
                files.append(file)
            }
        }

        let pack = dir.appendingPathComponent("pack")
        let monthly = try await CommandLineRunner.runAsync(
            ["monthly", "--db", db, "--out", pack.path], directory: dir)
        #expect(monthly.status == 0, "\(monthly)")
        files += try FileManager.default.contentsOfDirectory(at: pack, includingPropertiesForKeys: nil)

        let workbook = dir.appendingPathComponent("everything.xlsx")
        let sheets =
            names.flatMap { ["--sheet", "report:\($0)"] } + [
                "--sheet", "export:tickets", "--sheet", "export:replies", "--sheet", "export:notes",
            ]
        let written = try await CommandLineRunner.runAsync(
            ["workbook", "--db", db, "-o", workbook.path] + sheets, directory: dir)
        #expect(written.status == 0, "\(written)")
        files.append(workbook)

        for file in files {
            let bytes = try Data(contentsOf: file)
            if file.pathExtension == "html" {
                let text = String(decoding: bytes, as: UTF8.self).lowercased()
                #expect(!text.contains("<script"), "\(file.lastPathComponent) carries a script element")
                #expect(!text.contains("javascript:"), "\(file.lastPathComponent) carries a javascript: URL")
                let leaked = accessKeys.filter { text.contains($0.lowercased()) }
                #expect(leaked.isEmpty, "\(file.lastPathComponent) shows access keys \(leaked.prefix(3))")
            }
            if file.pathExtension == "xlsx" {
                let check = try Self.checkWorkbook(file, accessKeys: accessKeys)
                #expect(check == "ok", "\(file.lastPathComponent): \(check)")
            }
        }
        #expect(files.contains { $0.pathExtension == "xlsx" } && files.contains { $0.pathExtension == "html" })
    }

    /// Opens the workbook as the zip it is: every part readable, no cell formula anywhere,
    /// no access key in any part. Prints "ok" or what is wrong.
    static func checkWorkbook(_ file: URL, accessKeys: [String]) throws -> String {
        let keys = file.deletingPathExtension().appendingPathExtension("keys")
        try Data(accessKeys.joined(separator: "\n").utf8).write(to: keys)
        let script = """
            import re, sys, zipfile
            keys = open(sys.argv[2]).read().split()
            problems = []
            with zipfile.ZipFile(sys.argv[1]) as book:
                for name in book.namelist():
                    text = book.read(name).decode("utf-8")
                    if name.startswith("xl/worksheets/") and re.search(r"<f[ >]", text):
                        problems.append(name + " holds a formula")
                    if name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/"):
                        problems += [name + " holds access key " + k for k in keys if k in text][:3]
            print("; ".join(problems) or "ok")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path, keys.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
