import Foundation
import HelpdeskAPI

extension TicketReportConfig {
    /// The file looked for in the working directory when `--config` is not given.
    package static let fileName = "ticketreport.yaml"

    static let topLevelKeys = [
        "business_hours", "holidays", "closed_statuses", "open_statuses", "sla", "store", "reports_dir", "source",
        "redaction_key_file", "mail",
    ]
    static let weekdayKeys = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Loads and validates a configuration file.
    ///
    /// Every problem is reported with the file, the line and the key's path, e.g.
    /// `ticketreport.yaml:9: sla.first_response.Urgent.hour: unknown key (did you mean hours?)`.
    package static func load(path: String) throws(ConfigurationError) -> TicketReportConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError("configuration file not found (check --config)", file: path)
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read the configuration file (is it UTF-8 text?)", file: path)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(yaml: text, file: path, baseDirectory: folder)
    }

    /// `--config PATH` when given, else `./ticketreport.yaml` when it exists, else the defaults.
    package static func resolve(explicitPath: String?, workingDirectory: URL? = nil) throws(ConfigurationError)
        -> TicketReportConfig
    {
        if let explicitPath { return try load(path: explicitPath) }
        let folder = workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let candidate = folder.appendingPathComponent(fileName).path
        // In the working directory itself, messages say `ticketreport.yaml:4:`, as the user sees it.
        if FileManager.default.fileExists(atPath: candidate) {
            return try load(path: workingDirectory == nil ? fileName : candidate)
        }
        return .default
    }

    /// Parses configuration text; `file` names it in errors, relative paths in it are
    /// resolved against `baseDirectory` when given.
    package static func parse(yaml: String, file: String = fileName, baseDirectory: URL? = nil)
        throws(ConfigurationError)
        -> TicketReportConfig
    {
        let source = YAMLSource(file: file, firstLine: 1) { file, line, message in
            ConfigurationError(message, file: file, line: line)
        }
        var config = TicketReportConfig.default
        config.path = file
        guard let root = try source.parse(yaml) else { return config }
        let entries = try root.entries("", in: source)
        try entries.checkKeys(topLevelKeys, path: "", in: source)

        if let value = entries["business_hours"] {
            config.businessHours = try parseBusinessHours(value, source: source)
        }
        if let value = entries["holidays"] {
            config.holidays = []
            for (index, day) in (try value.textList("holidays", in: source)).enumerated() {
                // A day (YYYY-MM-DD), a real one: the holiday is closed from its midnight.
                if day.count == 10, let date = LocalDateTime(parsing: day) {
                    config.holidays.append(date)
                } else {
                    let line = listItemLine(value, index)
                    throw source.error(line, "holidays[\(index)]", "expected a date YYYY-MM-DD (a real calendar day)")
                }
            }
        }
        if let value = entries["closed_statuses"] {
            let statuses = try value.textList("closed_statuses", in: source)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !statuses.isEmpty, !statuses.contains("") else {
                throw source.error(value.line, "closed_statuses", "list at least one status, e.g. [Closed]")
            }
            config.closedStatuses = statuses
        }
        if let value = entries["open_statuses"] {
            let statuses = try value.textList("open_statuses", in: source)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !statuses.contains("") else {
                throw source.error(value.line, "open_statuses", "a status must not be empty")
            }
            config.openStatuses = statuses
        }
        if let value = entries["sla"] { config.sla = try parseSLA(value, source: source) }
        if let value = entries["store"] {
            config.store = resolvePath(try nonEmpty(value, "store", source), baseDirectory)
        } else if let baseDirectory {
            config.store = resolvePath(config.store, baseDirectory)
        }
        if let value = entries["reports_dir"] {
            config.reportsDirectory = resolvePath(try nonEmpty(value, "reports_dir", source), baseDirectory)
        }
        if let value = entries["redaction_key_file"] {
            config.redactionKeyFile = resolvePath(try nonEmpty(value, "redaction_key_file", source), baseDirectory)
        }
        if let value = entries["mail"] { config.mail = try parseMail(value, source: source) }
        if let value = entries["source"] {
            config.source = try parseSource(value, source: source)
            config.source.accessKeyFile = config.source.accessKeyFile.map { resolvePath($0, baseDirectory) }
        }
        return config
    }

    private static func nonEmpty(_ value: YAMLValue, _ path: String, _ source: YAMLSource<ConfigurationError>)
        throws(ConfigurationError) -> String
    {
        let text = try value.text(path, in: source)
        guard !text.isEmpty else { throw source.error(value.line, path, "must not be empty") }
        return text
    }

    private static func resolvePath(_ path: String, _ baseDirectory: URL?) -> String {
        guard let baseDirectory, !path.hasPrefix("/"), !path.hasPrefix("~") else { return path }
        let resolved = baseDirectory.appendingPathComponent(path).standardizedFileURL.path
        // Keep paths relative to the working directory short, as users typed them.
        let cwd = FileManager.default.currentDirectoryPath
        if resolved.hasPrefix(cwd + "/") { return String(resolved.dropFirst(cwd.count + 1)) }
        return resolved
    }

    private static func listItemLine(_ value: YAMLValue, _ index: Int) -> Int {
        if case .list(let items) = value.content, index < items.count { return items[index].line }
        return value.line
    }

    private static func parseBusinessHours(_ value: YAMLValue, source: YAMLSource<ConfigurationError>)
        throws(ConfigurationError)
        -> [BusinessCalendar.Window?]
    {
        var windows = BusinessCalendar.standard.windows
        let entries = try value.entries("business_hours", in: source)
        try entries.checkKeys(weekdayKeys, path: "business_hours", in: source)
        for entry in entries {
            let path = "business_hours.\(entry.key)"
            let index = weekdayKeys.firstIndex(of: entry.key)!
            if entry.value.isNull {
                windows[index] = nil
                continue
            }
            let text = try entry.value.text(path, in: source).trimmingCharacters(in: .whitespaces)
            if text.lowercased() == "closed" {
                windows[index] = nil
                continue
            }
            guard let window = parseWindow(text) else {
                throw source.error(
                    entry.value.line, path,
                    "expected HH:MM-HH:MM with the opening before the closing time (e.g. \"09:00-17:00\") or closed")
            }
            windows[index] = window
        }
        return windows
    }

    /// `09:00-17:00` → seconds after midnight; `24:00` may close a day.
    static func parseWindow(_ text: String) -> BusinessCalendar.Window? {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let open = parseTime(parts[0]), let close = parseTime(parts[1]), open < close,
            open < 86_400
        else { return nil }
        return BusinessCalendar.Window(open: open, close: close)
    }

    private static func parseTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0...59).contains(minute),
            hour < 24 || minute == 0
        else { return nil }
        return hour * 3600 + minute * 60
    }

    private static func parseSLA(_ value: YAMLValue, source: YAMLSource<ConfigurationError>) throws(ConfigurationError)
        -> SLAPolicy
    {
        let entries = try value.entries("sla", in: source)
        try entries.checkKeys(["first_response"], path: "sla", in: source)
        var policy = SLAPolicy.standard
        guard let firstResponse = entries["first_response"] else { return policy }
        for entry in try firstResponse.entries("sla.first_response", in: source) {
            let path = "sla.first_response.\(entry.key)"
            let details = try entry.value.entries(path, in: source)
            try details.checkKeys(["hours", "business"], path: path, in: source)
            guard let hoursValue = details["hours"] else {
                throw source.error(entry.keyLine, path, "missing hours (the first-response target)")
            }
            let hoursText = try hoursValue.text("\(path).hours", in: source)
            guard let hours = Double(hoursText), hours.isFinite, hours > 0 else {
                throw source.error(hoursValue.line, "\(path).hours", "expected a number of hours above 0")
            }
            // Targets are whole seconds (an Int64): 1e300 hours would trap, 0.0001 would be 0 s.
            guard (hours * 3600).rounded() >= 1, hours <= 1_000_000 else {
                throw source.error(
                    hoursValue.line, "\(path).hours", "expected a target of at least 1 second and at most 1000000 hours"
                )
            }
            let business =
                try details["business"].map { v throws(ConfigurationError) in try v.bool("\(path).business", in: source)
                }
                ?? true
            let target = SLAPolicy.Target(hours: hours, business: business)
            if entry.key == "default" {
                policy.fallback = target
            } else {
                // A configured priority replaces a built-in one spelt differently ("high" vs "High").
                for key in policy.targets.keys where key.lowercased() == entry.key.lowercased() {
                    policy.targets[key] = nil
                }
                policy.targets[entry.key] = target
            }
        }
        return policy
    }

    private static func parseSource(_ value: YAMLValue, source: YAMLSource<ConfigurationError>)
        throws(ConfigurationError) -> Source
    {
        let entries = try value.entries("source", in: source)
        try entries.checkKeys(["url", "auth", "name", "access_key_file", "timezone"], path: "source", in: source)
        var result = Source()
        if let url = entries["url"] {
            let text = try url.text("source.url", in: source)
            guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host != nil
            else {
                throw source.error(url.line, "source.url", "expected an http:// or https:// URL of the helpdesk API")
            }
            result.url = text
        }
        if let auth = entries["auth"] {
            let text = try auth.text("source.auth", in: source)
            guard let parsed = Source.Auth(rawValue: text) else {
                throw source.error(auth.line, "source.auth", "unknown auth style \"\(text)\" (use bearer or whmcs)")
            }
            result.auth = parsed
        }
        if let name = entries["name"] { result.name = try nonEmpty(name, "source.name", source) }
        if let file = entries["access_key_file"] {
            result.accessKeyFile = try nonEmpty(file, "source.access_key_file", source)
        }
        if let zone = entries["timezone"] {
            let identifier = try nonEmpty(zone, "source.timezone", source)
            guard let parsed = TimeZone(identifier: identifier) else {
                throw source.error(
                    zone.line, "source.timezone",
                    "unknown time zone \"\(identifier)\" (use an IANA name such as Europe/Berlin, or UTC)")
            }
            result.timeZone = parsed
        }
        return result
    }
}
