import Foundation
import HelpdeskAPI
import HelpdeskSimulator
import TestSupport
import Testing
import TicketStore

/// `--quarter`, `--year`, `--source` and `--each-source` through the built binary, on a store
/// holding two helpdesks (the simulator's tickets, alternately under "north" and "south desk",
/// so both sources use the same ids range and departments) and on stores holding one each.
@Suite("quarters, years and sources (CLI)")
struct PeriodsAndSourcesCommandTests {
    struct Stores {
        var both: String
        var north: String
        var south: String
    }

    /// Built once per run; tests only read them.
    static let stores: Result<Stores, TestFailure> = {
        do {
            let dataset = SimulatedDataset(seed: 5, ticketCount: 600)
            let tickets = dataset.ids.compactMap { dataset.ticket(id: $0) }
            let north = tickets.filter { $0.ticketID % 2 == 0 }
            let south = tickets.filter { $0.ticketID % 2 == 1 }
            func store(_ label: String, _ parts: [(String, [Ticket])]) throws -> String {
                let path = try TestPaths.scratchStore(label)
                let store = try TicketStore(path: path, access: .readWrite)
                for (source, part) in parts {
                    try store.writeSync(
                        part.map { .ticket($0, rawBody: nil, attempts: 1, httpStatus: 200) }, source: source)
                }
                return path
            }
            return .success(
                Stores(
                    both: try store("two-sources", [("north", north), ("south desk", south)]),
                    north: try store("north-only", [("north", north)]),
                    south: try store("south-only", [("south desk", south)])))
        } catch {
            return .failure(TestFailure("cannot build the two-source stores: \(error)"))
        }
    }()

    static func report(_ arguments: [String], db: String) throws -> ReportJSON {
        let result = try CommandLineRunner.run(["report", "run"] + arguments + ["--db", db, "--format", "json"])
        guard result.status == 0 else { throw TestFailure("report run \(arguments) failed: \(result)") }
        return try JSONDecoder().decode(ReportJSON.self, from: Data(result.stdout.utf8))
    }

    @Test func aSourcesFiguresEqualThoseOfAStoreHoldingOnlyIt() throws {
        let stores = try Self.stores.get()
        for name in [
            "response-times", "sla", "ratings", "department-load", "admin-load", "monthly-trend", "unanswered",
        ] {
            for period in [["--month", "2026-10"], ["--quarter", "2026-Q3"], ["--year", "2026"]] {
                for (source, alone) in [("north", stores.north), ("south desk", stores.south)] {
                    let filtered = try Self.report([name] + period + ["--source", source], db: stores.both)
                    let expected = try Self.report([name] + period, db: alone)
                    #expect(filtered.table == expected.table, "\(name) \(period) \(source)")
                }
            }
        }
    }

    @Test func monthlyWritesQuarterAndYearPacksWithTheSourceComparison() throws {
        let stores = try Self.stores.get()
        let out = try TestPaths.scratchDirectory("quarter-packs")
        let quarter = try CommandLineRunner.run([
            "monthly", "--quarter", "2026-Q3", "--out", out.path, "--db", stores.both,
        ])
        #expect(quarter.status == 0, "\(quarter)")
        #expect(
            quarter.stdout
                == "Wrote \(out.path)/support-2026-Q3.xlsx\nWrote \(out.path)/support-2026-Q3.html\n")
        let year = try CommandLineRunner.run(
            ["monthly", "--year", "2026", "--format", "html", "--out", out.path, "--db", stores.both])
        #expect(year.stdout == "Wrote \(out.path)/support-2026.html\n", "\(year)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                "support-2026-Q3.html", "support-2026-Q3.xlsx", "support-2026.html",
            ])

        // The comparison sheet: one row per source, each equal to that source's own figures.
        let workbook = try PackReaders.workbook(out.appendingPathComponent("support-2026-Q3.xlsx"))
        let sheet = try #require(workbook.sheet("Sources compared"), "sheets: \(workbook.sheets.map(\.name))")
        #expect(sheet.header.prefix(6) == ["Source", "Tickets", "FRT median (h)", "SLA met", "Rated replies", "CSAT"])
        #expect(sheet.dataRows.map { $0[0].value.string } == ["north", "south desk", "All sources"])
        let comparison = try Self.report(["source-comparison", "--quarter", "2026-Q3"], db: stores.both)
        for (index, alone) in [stores.north, stores.south, stores.both].enumerated() {
            let times = try #require(try Self.report(["response-times", "--quarter", "2026-Q3"], db: alone).table.last)
            let ratings = try #require(try Self.report(["ratings", "--quarter", "2026-Q3"], db: alone).table.last)
            let row = comparison.table[index]
            #expect(row[1] == times[1])
            #expect(row[2] == times[6])
            #expect(row[3] == times[9])
            #expect(row[4] == ratings[1])
            #expect(row[5] == ratings[8])
            if case .number(let tickets) = times[1] { #expect(sheet.dataRows[index][1].value.number == tickets) }
        }
        // The quarter is in the pack's title line, and the year pack compares with 2025.
        let page = try String(contentsOf: out.appendingPathComponent("support-2026-Q3.html"), encoding: .utf8)
        #expect(page.contains("2026-Q3"))
        #expect(page.contains("Sources compared"))
    }

    @Test func eachSourceWritesOnePackPerSourceWithoutTheComparison() throws {
        let stores = try Self.stores.get()
        let out = try TestPaths.scratchDirectory("each-source")
        let result = try CommandLineRunner.run(
            ["monthly", "--month", "2026-10", "--each-source", "--out", out.path, "--db", stores.both])
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stdout
                == [
                    "Wrote \(out.path)/support-2026-10-north.xlsx", "Wrote \(out.path)/support-2026-10-north.html",
                    "Wrote \(out.path)/support-2026-10-south_desk.xlsx",
                    "Wrote \(out.path)/support-2026-10-south_desk.html", "",
                ].joined(separator: "\n"))
        // Each pack's sheets equal the pack of a store holding only that source.
        let alone = try TestPaths.scratchDirectory("each-source-alone")
        for (source, file, db) in [("north", "north", stores.north), ("south desk", "south_desk", stores.south)] {
            let own = try CommandLineRunner.run(["monthly", "--month", "2026-10", "--out", alone.path, "--db", db])
            #expect(own.status == 0, "\(own)")
            let split = try PackReaders.workbook(out.appendingPathComponent("support-2026-10-\(file).xlsx"))
            let single = try PackReaders.workbook(alone.appendingPathComponent("support-2026-10.xlsx"))
            #expect(!split.sheets.map(\.name).contains("Sources compared"), "\(source)")
            for sheet in single.sheets where sheet.name != "Summary" && sheet.name != "Data notes" {
                let values = try #require(split.sheet(sheet.name), "\(source): \(sheet.name)")
                #expect(
                    values.rows.map { $0.map(\.value) } == sheet.rows.map { $0.map(\.value) }, "\(source) \(sheet.name)"
                )
            }
        }
        // One source asked: the same pack as --each-source gives for it.
        let one = try TestPaths.scratchDirectory("one-source")
        let north = try CommandLineRunner.run(
            [
                "monthly", "--month", "2026-10", "--source", "north", "--format", "html", "--out", one.path,
                "--db", stores.both,
            ])
        #expect(north.stdout == "Wrote \(one.path)/support-2026-10-north.html\n", "\(north)")
    }

    /// Every source's pack is written before any is mailed: a mail system that refuses the
    /// first message (exit 3) still leaves all of them on disk.
    @Test func eachSourceWritesEveryPackBeforeMailing() throws {
        let stores = try Self.stores.get()
        let folder = try TestPaths.scratchDirectory("each-source-mail")
        let sendmail = folder.appendingPathComponent("refusing-sendmail")
        try Data("#!/bin/sh\ncat > /dev/null\necho 'sendmail: queue full' >&2\nexit 75\n".utf8).write(to: sendmail)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
        let config = folder.appendingPathComponent("ticketreport.yaml")
        try Data("mail:\n  to: [lead@example.com]\n  sendmail: \(sendmail.path) -t -i\n".utf8).write(to: config)
        let out = folder.appendingPathComponent("packs")
        let result = try CommandLineRunner.run(
            [
                "monthly", "--month", "2026-10", "--each-source", "--out", out.path, "--db", stores.both,
                "--config", config.path,
            ])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.hasPrefix("Error: sendmail failed (exit 75): sendmail: queue full"), "\(result)")
        for file in ["north.xlsx", "north.html", "south_desk.xlsx", "south_desk.html"] {
            let path = out.appendingPathComponent("support-2026-10-\(file)").path
            #expect(FileManager.default.fileExists(atPath: path), "\(file) was not written: \(result)")
        }
    }

    @Test func badPeriodsAndUnknownSourcesFailWithOneLineAndNoFile() throws {
        let stores = try Self.stores.get()
        let out = try TestPaths.scratchDirectory("bad-periods")
        let known = "(the store holds: north, south desk)"
        let cases: [([String], String)] = [
            (
                ["monthly", "--quarter", "2026-Q5"],
                "Error: The value '2026-Q5' is invalid for '--quarter <quarter>': quarter must be YYYY-QN with a quarter Q1–Q4 (e.g. 2026-Q3) (see 'ticketreport monthly --help')"
            ),
            (
                ["monthly", "--year", "26"],
                "Error: The value '26' is invalid for '--year <year>': year must be YYYY, four digits (e.g. 2026) (see 'ticketreport monthly --help')"
            ),
            (
                ["monthly", "--month", "2026-13"],
                "Error: The value '2026-13' is invalid for '--month <month>': month must be YYYY-MM with a month 01–12 (see 'ticketreport monthly --help')"
            ),
            (
                ["monthly", "--month", "2026-10", "--quarter", "2026-Q3"],
                "Error: give one period: --month, --quarter or --year, not --month and --quarter (see 'ticketreport monthly --help')"
            ),
            (
                ["report", "run", "sla", "--quarter", "2026-Q3", "--from", "2026-07-01", "--to", "2026-07-31"],
                "Error: give either --quarter or --from/--to, not both (see 'ticketreport report --help')"
            ),
            (
                ["monthly", "--source", "north", "--each-source"],
                "Error: give --source or --each-source, not both (see 'ticketreport monthly --help')"
            ),
            (["monthly", "--source", "west"], "Error: unknown source \"west\" \(known)"),
            (["report", "run", "ratings", "--source", "west"], "Error: unknown source \"west\" \(known)"),
            (["query", "SELECT :source AS s", "--source", "west"], "Error: unknown source \"west\" \(known)"),
            (["export", "tickets", "--source", "west"], "Error: unknown source \"west\" \(known)"),
            (
                [
                    "workbook", "-o", out.appendingPathComponent("w.xlsx").path, "--sheet", "report:sla", "--source",
                    "west",
                ],
                "Error: unknown source \"west\" \(known)"
            ),
        ]
        for (arguments, line) in cases {
            let result = try CommandLineRunner.run(arguments + ["--db", stores.both], directory: out)
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr == line + "\n", "\(arguments): \(result)")
            #expect(result.stdout == "", "\(arguments): \(result)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
    }

    @Test func workbookAndQueryBindTheSource() throws {
        let stores = try Self.stores.get()
        let count = "SELECT count(*) AS n FROM tickets WHERE :source IS NULL OR source = :source"
        func tickets(_ extra: [String], db: String) throws -> String {
            let result = try CommandLineRunner.run(["query", count, "--format", "csv", "--db", db] + extra)
            #expect(result.status == 0, "\(result)")
            return result.stdout
        }
        let north = try tickets(["--source", "north"], db: stores.both)
        #expect(north == (try tickets([], db: stores.north)))
        #expect(north != (try tickets([], db: stores.both)))

        let out = try TestPaths.scratchDirectory("workbook-source")
        let file = out.appendingPathComponent("w.xlsx")
        let result = try CommandLineRunner.run(
            [
                "workbook", "-o", file.path, "--sheet", "SLA=report:sla", "--sheet", "T=export:tickets", "--quarter",
                "2026-Q3", "--source", "south desk", "--db", stores.both,
            ])
        #expect(result.status == 0, "\(result)")
        let workbook = try PackReaders.workbook(file)
        let sla = try Self.report(["sla", "--quarter", "2026-Q3"], db: stores.south)
        let sheet = try #require(workbook.sheet("SLA"))
        #expect(sheet.dataRows.count == sla.table.count)
        let twice = try CommandLineRunner.run(
            [
                "workbook", "-o", file.path, "--sheet", "report:sla", "--source", "north", "--source", "south desk",
                "--db", stores.both,
            ])
        #expect(twice.status == 1)
        #expect(
            twice.stderr
                == "Error: give --source once: report and query sheets take one source (export: sheets take several)\n")
    }
}
