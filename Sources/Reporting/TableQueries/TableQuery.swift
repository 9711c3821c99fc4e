import Foundation

/// The query behind a table export: one of the store's tables — tickets (with their
/// metrics), replies, notes or the per-ticket metrics alone — filtered, with a choice of
/// columns.
///
/// It builds the statement and its typed columns; ``ReportRunner`` runs it. Every filter value is bound as a parameter, never spliced into the SQL, and the
/// column names a user gives are checked against the catalog (``TableQuery/catalog(for:)``).
/// For example, a team lead's sheet of October's high-priority Sales tickets:
///
///     var filters = TableQuery.Filters()
///     filters.period = .month(try ReportMonth(parsing: "2026-10"))
///     filters.departments = ["Sales"]
///     filters.priorities = ["High"]
///     let query = try TableQuery(.tickets, filters: filters)
///     query.sql          // SELECT … FROM tickets AS t LEFT JOIN ticket_metrics AS m … WHERE t.opened_at >= ? …
///     query.arguments    // ["2026-10-01 00:00:00", "2026-11-01 00:00:00", "Sales", "High"]
///
/// Column formats follow one rule for every kind: ids are `text` (whole numbers written
/// without thousands separators), timestamps `datetime` (real dates in a spreadsheet),
/// first-response times both in `hours` (`frt_hours`) and as plain seconds (`frt_seconds`),
/// counts `integer`, the average rating `number`.
package struct TableQuery: Sendable, Equatable {
    /// What is exported; one row per ticket, reply, note, or ticket again (metrics only).
    package enum Kind: String, Sendable, CaseIterable {
        case tickets, replies, notes, metrics

        /// The sheet name and title, e.g. "Tickets".
        package var title: String {
            switch self {
            case .tickets: return "Tickets"
            case .replies: return "Replies"
            case .notes: return "Notes"
            case .metrics: return "Ticket metrics"
            }
        }
    }

    /// One column an export can have.
    package struct Column: Sendable, Equatable {
        /// The name `--columns` takes and CSV/JSON use as the header.
        package let name: String
        /// The header a spreadsheet shows.
        package let label: String
        package let format: ColumnFormat
        /// Whether the column is exported when `--columns` is not given.
        package let isDefault: Bool
        /// One line for `--list-columns` and the docs.
        package let meaning: String
        /// The SQL expression over the kind's table aliases.
        let expression: String

        init(
            _ name: String, _ label: String, _ format: ColumnFormat, _ expression: String,
            default isDefault: Bool = true,
            _ meaning: String
        ) {
            self.name = name
            self.label = label
            self.format = format
            self.expression = expression
            self.isDefault = isDefault
            self.meaning = meaning
        }

        /// The column as a result column.
        package var resultColumn: ResultColumn { ResultColumn(name: name, label: label, format: format) }
    }

    /// Which rows: a period and lists of accepted values (empty list: no filter).
    ///
    /// Tickets and metrics belong to the period of their `opened_at`, replies and notes to
    /// that of their own `created_at` (DESIGN §5). Department, status and priority are the
    /// ticket's; `admins` keeps tickets an admin replied to at least once, and replies or notes
    /// an admin wrote. Values match exactly, ignoring ASCII case.
    package struct Filters: Sendable, Equatable {
        package var period: ReportPeriod?
        package var departments: [String]
        package var statuses: [String]
        package var priorities: [String]
        package var admins: [String]
        package var sources: [String]

        package init(
            period: ReportPeriod? = nil, departments: [String] = [], statuses: [String] = [],
            priorities: [String] = [], admins: [String] = [], sources: [String] = []
        ) {
            self.period = period
            self.departments = departments
            self.statuses = statuses
            self.priorities = priorities
            self.admins = admins
            self.sources = sources
        }

        /// The filters as `name = value` pairs, for a result's parameters.
        var display: [(name: String, value: String)] {
            var pairs: [(name: String, value: String)] = []
            switch period {
            case .month(let month)?: pairs.append(("month", month.description))
            case .quarter(let quarter)?: pairs.append(("quarter", quarter.description))
            case .year(let year)?: pairs.append(("year", year.description))
            case .days(let from, let through)?:
                pairs.append(("from", from.description))
                pairs.append(("to", through.description))
            case nil: break
            }
            for (name, values) in [
                ("department", departments), ("status", statuses), ("priority", priorities), ("admin", admins),
                ("source", sources),
            ] where !values.isEmpty {
                pairs.append((name, values.joined(separator: ", ")))
            }
            return pairs
        }
    }

    package let kind: Kind
    /// The chosen columns, in output order.
    package let columns: [Column]
    package let filters: Filters

    /// Chooses the columns (nil: the kind's default set; `["all"]`: every column).
    ///
    /// - Throws: `ReportError.invalidParameter` naming an unknown column and listing the
    ///   valid ones, or for a repeated column.
    package init(_ kind: Kind, columns names: [String]? = nil, filters: Filters = Filters()) throws(ReportError) {
        let catalog = Self.catalog(for: kind)
        var chosen: [Column] = []
        if let names {
            let cleaned = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !cleaned.isEmpty else {
                throw ReportError(
                    .invalidParameter,
                    "--columns is empty; valid columns for \(kind.rawValue): \(Self.columnList(kind))")
            }
            if cleaned == ["all"] {
                chosen = catalog
            } else {
                for name in cleaned {
                    guard let column = catalog.first(where: { $0.name == name.lowercased() }) else {
                        throw ReportError(
                            .invalidParameter,
                            "unknown column \"\(name)\" for \(kind.rawValue); valid columns: \(Self.columnList(kind))")
                    }
                    guard !chosen.contains(column) else {
                        throw ReportError(.invalidParameter, "column \"\(column.name)\" is listed twice in --columns")
                    }
                    chosen.append(column)
                }
            }
        } else {
            chosen = catalog.filter(\.isDefault)
        }
        self.kind = kind
        self.columns = chosen
        self.filters = filters
    }

    /// Every column the kind offers, default ones first in their output order.
    package static func catalog(for kind: Kind) -> [Column] {
        switch kind {
        case .tickets: return ticketColumns
        case .replies: return replyColumns
        case .notes: return noteColumns
        case .metrics: return metricColumns
        }
    }

    /// The columns as the result's header.
    package var resultColumns: [ResultColumn] { columns.map(\.resultColumn) }

    /// The filters as `name = value` pairs (shown in HTML and JSON output).
    package var parameters: [(name: String, value: String)] { filters.display }

    package static func == (lhs: TableQuery, rhs: TableQuery) -> Bool {
        lhs.kind == rhs.kind && lhs.columns == rhs.columns && lhs.filters == rhs.filters
    }

    /// The statement, with `?` for each of ``arguments``.
    package var sql: String { statement.sql }

    /// The values bound to the statement's `?`s, in order. Every one is text.
    package var arguments: [String] { statement.arguments }

    // MARK: - SQL

    private var statement: (sql: String, arguments: [String]) {
        let shape = Self.shape(kind)
        var conditions: [String] = []
        var arguments: [String] = []
        if let period = filters.period {
            conditions.append("\(shape.dateColumn) >= ? AND \(shape.dateColumn) < ?")
            arguments += [period.startText, period.endText]
        }
        func list(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
            conditions.append("\(column) COLLATE NOCASE IN (\(marks))")
            arguments += values
        }
        list(shape.sourceColumn, filters.sources)
        list(shape.departmentColumn, filters.departments)
        list(shape.statusColumn, filters.statuses)
        list(shape.priorityColumn, filters.priorities)
        if !filters.admins.isEmpty {
            let marks = Array(repeating: "?", count: filters.admins.count).joined(separator: ", ")
            if let adminColumn = shape.adminColumn {
                conditions.append("\(adminColumn) COLLATE NOCASE IN (\(marks))")
            } else {
                // A ticket an admin replied to at least once (the opening message of an
                // admin-opened ticket counts too: that admin handled it).
                conditions.append(
                    """
                    EXISTS (SELECT 1 FROM replies AS ar WHERE ar.source = \(shape.alias).source \
                    AND ar.ticket_id = \(shape.alias).ticket_id AND ar.admin COLLATE NOCASE IN (\(marks)))
                    """)
            }
            arguments += filters.admins
        }
        var sql = "SELECT "
        sql += columns.map { "\($0.expression) AS \($0.name)" }.joined(separator: ",\n       ")
        sql += "\nFROM \(shape.from)"
        if !conditions.isEmpty { sql += "\nWHERE " + conditions.joined(separator: "\n  AND ") }
        sql += "\nORDER BY \(shape.order)"
        return (sql, arguments)
    }

    private struct Shape {
        var alias: String
        var from: String
        var dateColumn: String
        var sourceColumn: String
        var departmentColumn: String
        var statusColumn: String
        var priorityColumn: String
        /// The row's own admin column; nil for per-ticket kinds (matched through replies).
        var adminColumn: String?
        /// Follows an index (`…_by_opened`, `…_by_created`) so rows stream without a sort.
        var order: String
    }

    private static func shape(_ kind: Kind) -> Shape {
        switch kind {
        case .tickets:
            return Shape(
                alias: "t",
                from:
                    "tickets AS t\nLEFT JOIN ticket_metrics AS m ON m.source = t.source AND m.ticket_id = t.ticket_id",
                dateColumn: "t.opened_at", sourceColumn: "t.source", departmentColumn: "t.dept_name",
                statusColumn: "t.status", priorityColumn: "t.priority", adminColumn: nil,
                order: "t.opened_at, t.ticket_id")
        case .metrics:
            return Shape(
                alias: "m", from: "ticket_metrics AS m", dateColumn: "m.opened_at", sourceColumn: "m.source",
                departmentColumn: "m.dept_name", statusColumn: "m.status", priorityColumn: "m.priority",
                adminColumn: nil, order: "m.opened_at, m.ticket_id")
        case .replies:
            return Shape(
                alias: "r",
                from: "replies AS r\nJOIN tickets AS t ON t.source = r.source AND t.ticket_id = r.ticket_id",
                dateColumn: "r.created_at", sourceColumn: "r.source", departmentColumn: "t.dept_name",
                statusColumn: "t.status", priorityColumn: "t.priority", adminColumn: "r.admin",
                order: "r.created_at, r.ticket_id, r.position")
        case .notes:
            return Shape(
                alias: "n",
                from: "notes AS n\nJOIN tickets AS t ON t.source = n.source AND t.ticket_id = n.ticket_id",
                dateColumn: "n.created_at", sourceColumn: "n.source", departmentColumn: "t.dept_name",
                statusColumn: "t.status", priorityColumn: "t.priority", adminColumn: "n.admin",
                order: "n.created_at, n.ticket_id, n.position")
        }
    }

    static func columnList(_ kind: Kind) -> String {
        catalog(for: kind).map(\.name).joined(separator: ", ") + " (or all)"
    }

    // MARK: - Column catalogs

    private static let frtHours = "m.frt_seconds / 3600.0"
    private static let frtBusinessHours = "m.frt_business_seconds / 3600.0"
    private static let averageRating = "CAST(m.rating_sum AS REAL) / NULLIF(m.rated_replies, 0)"

    /// The sheet a team lead filters: the ticket and its metrics side by side.
    static let ticketColumns: [Column] = [
        Column("ticket_id", "Ticket ID", .text, "t.ticket_id", "The helpdesk's internal ticket id."),
        Column("tid", "Ticket #", .text, "t.tid", "The ticket number users see."),
        Column("opened_at", "Opened", .datetime, "t.opened_at", "When the ticket was opened, helpdesk time."),
        Column("dept_name", "Department", .text, "t.dept_name", "Department."),
        Column("subject", "Subject", .text, "t.subject", "Subject line."),
        Column("status", "Status", .text, "t.status", "Current status."),
        Column("priority", "Priority", .text, "t.priority", "Priority."),
        Column("user_id", "Client ID", .text, "t.user_id", "Requester's client id (userid; 0 for none)."),
        Column(
            "name", "Requester", .text, "coalesce(t.requestor_name, t.name)",
            "Requester's name (WHMCS 8's requestor_name, else name)."),
        Column("email", "Email", .text, "t.email", "Requester's email."),
        Column(
            "admin", "Opened by admin", .text, "t.admin", "The admin who opened the ticket; empty when a customer did."),
        Column("last_reply_at", "Last reply", .datetime, "t.last_reply_at", "The helpdesk's lastreply."),
        Column(
            "first_response_at", "First response", .datetime, "m.first_response_at",
            "The first admin reply (not the opening message); empty when unanswered."),
        Column("first_responder", "First responder", .text, "m.first_responder", "The admin who answered first."),
        Column("frt_hours", "FRT (h)", .hours, frtHours, "First response time in calendar hours."),
        Column(
            "frt_business_hours", "FRT business (h)", .hours, frtBusinessHours,
            "First response time in business hours (the store's calendar)."),
        Column(
            "customer_replies", "Customer replies", .integer, "m.customer_replies",
            "Customer messages, the opening message excluded."),
        Column(
            "admin_replies", "Admin replies", .integer, "m.admin_replies",
            "Admin replies, the opening message excluded."),
        Column("notes", "Notes", .integer, "m.notes", "Internal notes."),
        Column("rated_replies", "Ratings", .integer, "m.rated_replies", "Admin replies the customer rated 1–5."),
        Column("avg_rating", "Avg rating", .number, averageRating, "Average of those ratings; empty when none."),
        Column("source", "Source", .text, "t.source", default: false, "Which helpdesk (for stores with several)."),
        Column("dept_id", "Department ID", .text, "t.dept_id", default: false, "Department id."),
        Column(
            "contact_id", "Contact ID", .text, "t.contact_id", default: false, "Requester's contact id (0 for none)."),
        Column("cc", "CC", .text, "t.cc", default: false, "CC addresses as sent."),
        Column(
            "opened_by_admin", "Admin-opened", .integer, "t.opened_by_admin", default: false,
            "1 when an admin opened the ticket, else 0."),
        Column(
            "flag", "Flagged to", .text, "t.flag", default: false,
            "Id of the admin the ticket is flagged to (0 for none)."),
        Column("service", "Service", .text, "t.service", default: false, "Related service, as sent."),
        Column(
            "owner_name", "Owner", .text, "t.owner_name", default: false,
            "WHMCS 8: the client account that owns the ticket (\"Undefined\" for a guest)."),
        Column(
            "requestor_type", "Requester type", .text, "t.requestor_type", default: false,
            "WHMCS 8: Owner, Authorized User, Registered User, Sub-account, Guest or Operator."),
        Column(
            "answered", "Answered", .integer, "m.answered", default: false,
            "1 when an admin replied, even by a reply without a usable date; else 0."),
        Column(
            "first_admin_reply_at", "First admin reply", .datetime, "m.first_admin_reply_at", default: false,
            "Earliest admin message, the opening message of an admin-opened ticket included."),
        Column(
            "last_admin_reply_at", "Last admin reply", .datetime, "m.last_admin_reply_at", default: false,
            "Latest admin reply other than the opening message."),
        Column(
            "frt_seconds", "FRT (s)", .integer, "m.frt_seconds", default: false, "First response time in seconds."),
        Column(
            "frt_business_seconds", "FRT business (s)", .integer, "m.frt_business_seconds", default: false,
            "Business-hours first response time in seconds."),
        Column("rating_sum", "Rating sum", .integer, "m.rating_sum", default: false, "Sum of the ratings."),
        Column(
            "fetched_at", "Fetched (UTC)", .datetime, "t.fetched_at", default: false, "When the tool fetched it (UTC)."),
    ]

    /// Every message of every ticket: customer and admin replies and the opening messages.
    static let replyColumns: [Column] = [
        Column("ticket_id", "Ticket ID", .text, "r.ticket_id", "The ticket."),
        Column("tid", "Ticket #", .text, "t.tid", "The ticket number users see."),
        Column("created_at", "Date", .datetime, "r.created_at", "When it was written, helpdesk time."),
        Column("dept_name", "Department", .text, "t.dept_name", "The ticket's department."),
        Column(
            "side", "Side", .text, "CASE WHEN r.is_admin = 1 THEN 'admin' ELSE 'customer' END",
            "admin or customer."),
        Column("admin", "Admin", .text, "r.admin", "The admin who wrote it; empty for a customer's message."),
        Column("name", "Name", .text, "r.name", "Author's name as sent (customers)."),
        Column("email", "Email", .text, "r.email", "Author's email as sent (customers)."),
        Column(
            "rating", "Rating", .integer, "r.rating", "The customer's rating 1–5 of an admin reply; empty when unrated."
        ),
        Column(
            "is_opening", "Opening message", .integer, "r.is_opening",
            "1 for the ticket's opening message (never a response), else 0."),
        Column("message", "Message", .text, "r.message", "The message text (cut at 32,767 characters in XLSX)."),
        Column("source", "Source", .text, "r.source", default: false, "Which helpdesk."),
        Column("position", "Position", .integer, "r.position", default: false, "0-based position in date order."),
        Column(
            "reply_id", "Reply ID", .text, "r.reply_id", default: false, "The helpdesk's reply id (0: opening message)."
        ),
        Column("user_id", "Client ID", .text, "r.user_id", default: false, "Author's client id (0 for admins)."),
        Column("contact_id", "Contact ID", .text, "r.contact_id", default: false, "Author's contact id."),
        Column("attachment", "Attachment", .text, "r.attachment", default: false, "Attachment names as sent."),
        Column(
            "attachment_names", "Attachments", .text, "r.attachment_names", default: false,
            "Attached file names, joined with |."),
        Column(
            "attachment_count", "Attachment count", .integer, "r.attachment_count", default: false,
            "How many files were attached."),
        Column(
            "requestor_name", "Requester", .text, "r.requestor_name", default: false,
            "WHMCS 8: who wrote the message."),
        Column(
            "requestor_type", "Requester type", .text, "r.requestor_type", default: false,
            "WHMCS 8: Owner, Authorized User, Registered User, Sub-account, Guest or Operator."),
        Column("subject", "Subject", .text, "t.subject", default: false, "The ticket's subject."),
        Column("status", "Status", .text, "t.status", default: false, "The ticket's current status."),
        Column("priority", "Priority", .text, "t.priority", default: false, "The ticket's priority."),
    ]

    /// Internal notes, never counted as replies.
    static let noteColumns: [Column] = [
        Column("ticket_id", "Ticket ID", .text, "n.ticket_id", "The ticket."),
        Column("tid", "Ticket #", .text, "t.tid", "The ticket number users see."),
        Column("created_at", "Date", .datetime, "n.created_at", "When it was written, helpdesk time."),
        Column("dept_name", "Department", .text, "t.dept_name", "The ticket's department."),
        Column("admin", "Admin", .text, "n.admin", "The admin who wrote it."),
        Column("message", "Note", .text, "n.message", "The note text."),
        Column("source", "Source", .text, "n.source", default: false, "Which helpdesk."),
        Column("position", "Position", .integer, "n.position", default: false, "0-based position as sent."),
        Column("note_id", "Note ID", .text, "n.note_id", default: false, "The helpdesk's note id."),
        Column(
            "attachment_names", "Attachments", .text, "n.attachment_names", default: false,
            "Attached file names, joined with |."),
        Column("subject", "Subject", .text, "t.subject", default: false, "The ticket's subject."),
        Column("status", "Status", .text, "t.status", default: false, "The ticket's current status."),
        Column("priority", "Priority", .text, "t.priority", default: false, "The ticket's priority."),
    ]

    /// The derived per-ticket figures alone (`ticket_metrics`), without the ticket's text.
    static let metricColumns: [Column] = [
        Column("ticket_id", "Ticket ID", .text, "m.ticket_id", "The ticket."),
        Column("opened_at", "Opened", .datetime, "m.opened_at", "When the ticket was opened."),
        Column("dept_name", "Department", .text, "m.dept_name", "Department."),
        Column("status", "Status", .text, "m.status", "Current status."),
        Column("priority", "Priority", .text, "m.priority", "Priority."),
        Column(
            "opened_by_admin", "Admin-opened", .integer, "m.opened_by_admin", "1 when an admin opened it (no FRT then)."
        ),
        Column("first_response_at", "First response", .datetime, "m.first_response_at", "The first admin reply."),
        Column("first_responder", "First responder", .text, "m.first_responder", "The admin who answered first."),
        Column("frt_hours", "FRT (h)", .hours, frtHours, "First response time in calendar hours."),
        Column("frt_business_hours", "FRT business (h)", .hours, frtBusinessHours, "The same in business hours."),
        Column("customer_replies", "Customer replies", .integer, "m.customer_replies", "Customer messages."),
        Column("admin_replies", "Admin replies", .integer, "m.admin_replies", "Admin replies."),
        Column("notes", "Notes", .integer, "m.notes", "Internal notes."),
        Column("rated_replies", "Ratings", .integer, "m.rated_replies", "Rated admin replies."),
        Column("avg_rating", "Avg rating", .number, averageRating, "Average rating; empty when none."),
        Column("last_reply_at", "Last reply", .datetime, "m.last_reply_at", "The helpdesk's lastreply."),
        Column("source", "Source", .text, "m.source", default: false, "Which helpdesk."),
        Column(
            "first_admin_reply_at", "First admin reply", .datetime, "m.first_admin_reply_at", default: false,
            "Earliest admin message, an admin-opened ticket's opening message included."),
        Column(
            "last_admin_reply_at", "Last admin reply", .datetime, "m.last_admin_reply_at", default: false,
            "Latest admin reply."),
        Column("frt_seconds", "FRT (s)", .integer, "m.frt_seconds", default: false, "First response time in seconds."),
        Column(
            "frt_business_seconds", "FRT business (s)", .integer, "m.frt_business_seconds", default: false,
            "Business-hours first response time in seconds."),
        Column("rating_sum", "Rating sum", .integer, "m.rating_sum", default: false, "Sum of the ratings."),
    ]
}
