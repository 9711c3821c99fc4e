import Foundation
import HelpdeskAPI

/// The settings in `ticketreport.yaml`: business calendar, closed statuses, SLA targets,
/// the store's path and the helpdesk source.
///
///     # ticketreport.yaml
///     business_hours: { mon: "09:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00",
///                       thu: "09:00-17:00", fri: "09:00-16:00", sat: closed, sun: closed }
///     holidays: [2026-12-25, 2026-12-26]
///     closed_statuses: [Closed, Resolved]
///     sla:
///       first_response:
///         High: { hours: 4, business: true }
///         default: { hours: 24, business: false }
///     store: tickets.sqlite
///     source: { url: "https://help.example.com/includes/api.php", auth: whmcs, name: default,
///               timezone: Europe/Berlin }
///
///     let config = try TicketReportConfig.load(path: "ticketreport.yaml")
///     config.calendar.businessSeconds(from: opened, to: answered)
package struct TicketReportConfig: Sendable, Equatable {
    /// Where the helpdesk is and how to authenticate (`ingest` uses it).
    package struct Source: Sendable, Equatable {
        package enum Auth: String, Sendable, CaseIterable { case bearer, whmcs }
        package var url: String?
        package var auth: Auth
        package var name: String
        /// A file holding classic WHMCS's API access key (`accesskey`), for helpdesks that
        /// require one from addresses not on their IP allow-list; the key itself never
        /// appears in the configuration.
        package var accessKeyFile: String?
        /// The time zone of the helpdesk's clock (its ticket dates are local times without a
        /// zone): `ticket_events.observed_at` is the fetch time on that clock, so history
        /// compares like with like. UTC unless configured.
        package var timeZone: TimeZone

        package init(
            url: String? = nil, auth: Auth = .bearer, name: String = "default", accessKeyFile: String? = nil,
            timeZone: TimeZone = TimeZone(identifier: "UTC")!
        ) {
            self.url = url
            self.auth = auth
            self.name = name
            self.accessKeyFile = accessKeyFile
            self.timeZone = timeZone
        }
    }

    /// Opening window per weekday, index 0 Sunday … 6 Saturday; nil is closed.
    package var businessHours: [BusinessCalendar.Window?]
    /// Closed days in the helpdesk's local time.
    /// Midnight of each holiday (the whole day is closed).
    package var holidays: [LocalDateTime]
    /// Statuses that count as closed (`is_closed()`), compared case-insensitively.
    package var closedStatuses: [String]
    /// The open statuses this helpdesk uses; `check` lists stored statuses that are in
    /// neither list, which usually means a custom status missing from `closed_statuses`.
    package var openStatuses: [String]
    package var sla: SLAPolicy
    /// The store's path; relative paths in a file are relative to that file's folder.
    package var store: String
    /// Where to look for reports first (before ./reports and ./queries).
    package var reportsDirectory: String?
    package var source: Source
    /// A file holding the key behind `--redact` pseudonyms, so they stay the same from one
    /// file to the next; the key itself never appears in the configuration.
    package var redactionKeyFile: String?
    /// Who gets the monthly pack by e-mail and through which sendmail (`mail:`).
    package var mail = MailSettings()
    /// The file this was loaded from; nil for the built-in defaults.
    package var path: String?

    package init(
        businessHours: [BusinessCalendar.Window?] = BusinessCalendar.standard.windows, holidays: [LocalDateTime] = [],
        closedStatuses: [String] = ["Closed"], openStatuses: [String] = defaultOpenStatuses,
        sla: SLAPolicy = .standard, store: String = "tickets.sqlite",
        reportsDirectory: String? = nil, source: Source = Source(), path: String? = nil
    ) {
        self.businessHours = businessHours
        self.holidays = holidays
        self.closedStatuses = closedStatuses
        self.openStatuses = openStatuses
        self.sla = sla
        self.store = store
        self.reportsDirectory = reportsDirectory
        self.source = source
        self.path = path
    }

    /// WHMCS's own statuses besides Closed.
    package static let defaultOpenStatuses = ["Open", "Answered", "Customer-Reply", "On Hold", "In Progress"]

    /// Mon–Fri 09:00–17:00, no holidays, `Closed` is closed, standard SLA, `tickets.sqlite`.
    package static let `default` = TicketReportConfig()

    /// The business calendar behind `business_seconds()` and the SLA's business-hours targets.
    package var calendar: BusinessCalendar {
        var calendar = BusinessCalendar(windows: businessHours)
        for day in holidays { calendar.addHoliday(day) }
        return calendar
    }

    /// Whether `status` is in the closed set.
    package func isClosed(_ status: String) -> Bool {
        let lowered = status.trimmingCharacters(in: .whitespaces).lowercased()
        return closedStatuses.contains { $0.lowercased() == lowered }
    }
}
