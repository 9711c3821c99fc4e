import Config
import Foundation
import Testing

@Suite struct ConfigFileTests {
    func expectError(_ yaml: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TicketReportConfig.parse(yaml: yaml, file: "ticketreport.yaml")
            Issue.record("expected \(message)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description == message, sourceLocation: sourceLocation)
        }
    }

    @Test func defaults() {
        let config = TicketReportConfig.default
        #expect(config.calendar == BusinessCalendar.standard)
        #expect(config.closedStatuses == ["Closed"])
        #expect(config.isClosed("closed"))
        #expect(!config.isClosed("Open"))
        #expect(config.sla.target(for: "High") == SLAPolicy.Target(hours: 4, business: true))
        #expect(config.sla.target(for: "Whatever") == SLAPolicy.Target(hours: 8, business: true))
        #expect(config.store == "tickets.sqlite")
        #expect(config.source == TicketReportConfig.Source(url: nil, auth: .bearer, name: "default"))
    }

    @Test func aFullFile() throws {
        let config = try TicketReportConfig.parse(
            yaml: """
                # ticketreport.yaml
                business_hours:
                  mon: "08:30-17:00"
                  fri: 09:00-15:30
                  sat: "10:00-12:00"
                  sun: closed
                holidays: [2026-12-25, 2026-12-26]
                closed_statuses: [Closed, Resolved]
                sla:
                  first_response:
                    high: { hours: 2 }
                    Urgent: { hours: 0.5, business: false }
                    default: { hours: 24, business: false }
                store: data/tickets.sqlite
                reports_dir: my-reports
                source: { url: "https://help.example.com/includes/api.php", auth: whmcs, name: main,
                          access_key_file: /etc/ticketreport/access-key }
                open_statuses: [Open, Answered, Waiting on Vendor]
                """, file: "ticketreport.yaml")
        let calendar = config.calendar
        #expect(calendar.windows[1] == BusinessCalendar.Window(open: 8 * 3600 + 1800, close: 17 * 3600))
        #expect(calendar.windows[2] == BusinessCalendar.Window(open: 9 * 3600, close: 17 * 3600))  // default kept
        #expect(calendar.windows[5] == BusinessCalendar.Window(open: 9 * 3600, close: 15 * 3600 + 1800))
        #expect(calendar.windows[6] == BusinessCalendar.Window(open: 10 * 3600, close: 12 * 3600))
        #expect(calendar.windows[0] == nil)
        #expect(calendar.holidays.count == 2)
        #expect(config.closedStatuses == ["Closed", "Resolved"])
        #expect(config.sla.target(for: "High") == SLAPolicy.Target(hours: 2, business: true))
        #expect(config.sla.target(for: "urgent") == SLAPolicy.Target(hours: 0.5, business: false))
        #expect(config.sla.target(for: "Medium") == SLAPolicy.Target(hours: 8, business: true))  // built-in kept
        #expect(config.sla.target(for: "Critical") == SLAPolicy.Target(hours: 24, business: false))
        #expect(config.store == "data/tickets.sqlite")
        #expect(config.reportsDirectory == "my-reports")
        #expect(
            config.source
                == TicketReportConfig.Source(
                    url: "https://help.example.com/includes/api.php", auth: .whmcs, name: "main",
                    accessKeyFile: "/etc/ticketreport/access-key"))
        #expect(config.openStatuses == ["Open", "Answered", "Waiting on Vendor"])
        #expect(
            TicketReportConfig.default.openStatuses == ["Open", "Answered", "Customer-Reply", "On Hold", "In Progress"])
    }

    @Test func anEmptyFileIsTheDefaults() throws {
        let config = try TicketReportConfig.parse(yaml: "# nothing yet\n", file: "ticketreport.yaml")
        #expect(config.calendar == TicketReportConfig.default.calendar)
        #expect(config.path == "ticketreport.yaml")
    }

    @Test func unknownKeysNameTheirPathAndSuggest() {
        expectError(
            """
            sla:
              first_response:
                High: { hours: 4 }
                Urgent: { hour: 1 }
            """, "ticketreport.yaml:4: sla.first_response.Urgent.hour: unknown key (did you mean hours?)")
        expectError(
            "buisness_hours: { mon: closed }\n",
            "ticketreport.yaml:1: buisness_hours: unknown key (did you mean business_hours?)")
        expectError(
            "business_hours:\n  monday: \"09:00-17:00\"\n",
            "ticketreport.yaml:2: business_hours.monday: unknown key (allowed: sun, mon, tue, wed, thu, fri, sat)")
        expectError(
            "sla: { first_reponse: {} }\n",
            "ticketreport.yaml:1: sla.first_reponse: unknown key (did you mean first_response?)")
        expectError(
            "source: { url: \"https://x.example\", token: abc }\n",
            "ticketreport.yaml:1: source.token: unknown key (allowed: url, auth, name, access_key_file, timezone)")
    }

    @Test func badValues() {
        expectError(
            "business_hours:\n  mon: 9-17\n",
            "ticketreport.yaml:2: business_hours.mon: expected HH:MM-HH:MM with the opening before the closing time (e.g. \"09:00-17:00\") or closed"
        )
        expectError(
            "business_hours: { tue: \"17:00-09:00\" }\n",
            "ticketreport.yaml:1: business_hours.tue: expected HH:MM-HH:MM with the opening before the closing time (e.g. \"09:00-17:00\") or closed"
        )
        expectError(
            "business_hours: { wed: \"09:00-25:00\" }\n",
            "ticketreport.yaml:1: business_hours.wed: expected HH:MM-HH:MM with the opening before the closing time (e.g. \"09:00-17:00\") or closed"
        )
        expectError(
            "holidays:\n  - 2026-12-25\n  - 2026-02-30\n",
            "ticketreport.yaml:3: holidays[1]: expected a date YYYY-MM-DD (a real calendar day)")
        expectError(
            "closed_statuses: []\n", "ticketreport.yaml:1: closed_statuses: list at least one status, e.g. [Closed]")
        expectError(
            "sla:\n  first_response:\n    High: { hours: -1 }\n",
            "ticketreport.yaml:3: sla.first_response.High.hours: expected a number of hours above 0")
        expectError(
            "sla:\n  first_response:\n    High: { hours: 4, business: maybe }\n",
            "ticketreport.yaml:3: sla.first_response.High.business: expected true or false")
        expectError(
            "sla:\n  first_response:\n    High: { business: true }\n",
            "ticketreport.yaml:3: sla.first_response.High: missing hours (the first-response target)")
        expectError(
            "source: { auth: oauth }\n",
            "ticketreport.yaml:1: source.auth: unknown auth style \"oauth\" (use bearer or whmcs)")
        expectError(
            "source: { url: \"ftp://x\" }\n",
            "ticketreport.yaml:1: source.url: expected an http:// or https:// URL of the helpdesk API")
        expectError("store: [a, b]\n", "ticketreport.yaml:1: store: expected a single value, found a list")
        expectError("- a\n- b\n", "ticketreport.yaml:1: expected a mapping (key: value lines), found a list")
        expectError(
            "store: \"a\nclosed: [\n",
            "ticketreport.yaml:3: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)")
    }

    @Test func loadingFromAFileResolvesRelativePathsAgainstIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ticketreport.yaml").path
        try "store: data/t.sqlite\nreports_dir: mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        let config = try TicketReportConfig.load(path: path)
        #expect(config.store == folder.appendingPathComponent("data/t.sqlite").standardizedFileURL.path)
        #expect(config.reportsDirectory == folder.appendingPathComponent("mine").standardizedFileURL.path)
        #expect(config.path == path)

        let found = try TicketReportConfig.resolve(explicitPath: nil, workingDirectory: folder)
        #expect(found.path == path)
        let none = try TicketReportConfig.resolve(
            explicitPath: nil, workingDirectory: folder.appendingPathComponent("elsewhere"))
        #expect(none == .default)

        let missing = folder.appendingPathComponent("nope.yaml").path
        #expect(throws: ConfigurationError("configuration file not found (check --config)", file: missing)) {
            try TicketReportConfig.load(path: missing)
        }
    }
}
