import Foundation

/// What every table and column of the store means: the one source for `ticketreport schema`
/// and the README's schema section. A test compares it with `PRAGMA table_info` on a fresh
/// store, so a migration that adds a column without a line here fails the build's tests.
///
///     let text = SchemaDocumentation.text()   // what `ticketreport schema` shows
package enum SchemaDocumentation {
    package struct Column: Sendable, Equatable {
        package var name: String
        /// The declared SQLite type.
        package var type: String
        /// One line: what the value is, its unit, and when it is NULL.
        package var meaning: String
    }

    package struct Table: Sendable, Equatable {
        package var name: String
        package var meaning: String
        package var columns: [Column]
    }

    /// The tables ad-hoc SQL will use most come first.
    package static let tables: [Table] = [
        Table(
            name: "tickets",
            meaning: "One row per ticket and source, as the helpdesk last returned it.",
            columns: [
                c("source", "TEXT", "Which helpdesk the ticket came from (`default` unless configured)."),
                c("ticket_id", "INTEGER", "The helpdesk's internal ticket id (`ticketid`)."),
                c("tid", "TEXT", "The ticket number users see (`tid`)."),
                c("dept_id", "INTEGER", "Department id: reports group by it (`departments` has its current name)."),
                c("dept_name", "TEXT", "Department name when this version was fetched."),
                c("user_id", "INTEGER", "Requester's client id (0 for none)."),
                c("contact_id", "INTEGER", "Requester's contact id (0 for none)."),
                c(
                    "name", "TEXT",
                    "`name` as sent: the requester up to WHMCS 7; since WHMCS 8 the owner (the client account, \"Undefined\" for a guest)."
                ),
                c("email", "TEXT", "The requester's email (empty for admin-opened tickets since WHMCS 8)."),
                c("cc", "TEXT", "CC addresses as sent."),
                c(
                    "opened_at", "TEXT",
                    "When the ticket was opened (`date`), local time; NULL when the helpdesk sent none."),
                c("subject", "TEXT", "Subject line."),
                c("status", "TEXT", "Current status (Open, Answered, Customer-Reply, Closed …)."),
                c("priority", "TEXT", "Priority (Low, Medium, High …)."),
                c("admin", "TEXT", "The admin who opened the ticket; NULL when a customer did."),
                c("opened_by_admin", "INTEGER", "1 when an admin opened the ticket, else 0."),
                c("last_reply_at", "TEXT", "The helpdesk's `lastreply`, local time; NULL for none."),
                c("flag", "INTEGER", "Id of the admin the ticket is flagged to (0 for none)."),
                c("service", "TEXT", "Related service, as sent."),
                c("fetched_at", "TEXT", "When the tool fetched this version (UTC)."),
                c("owner_name", "TEXT", "WHMCS 8 `owner_name`: the client account's name; NULL when not sent."),
                c(
                    "requestor_name", "TEXT",
                    "WHMCS 8 `requestor_name`: who opened the ticket (a person, or the admin); NULL when not sent."),
                c("requestor_email", "TEXT", "WHMCS 8 `requestor_email`; NULL when not sent."),
                c(
                    "requestor_type", "TEXT",
                    "WHMCS 8: Owner, Operator, Authorized User, Registered User, Sub-account or Guest; NULL when not sent."
                ),
            ]),
        Table(
            name: "replies",
            meaning: "Every message of a ticket in date order, the opening message (`replyid` 0) included.",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket (`tickets.ticket_id`)."),
                c("position", "INTEGER", "0-based position in date order (the opening message sorts first on a tie)."),
                c(
                    "reply_id", "INTEGER",
                    "The helpdesk's reply id; 0 is the opening message (assigned by date order when the helpdesk sent none)."
                ),
                c("user_id", "INTEGER", "Author's client id (0 for admins)."),
                c("contact_id", "INTEGER", "Author's contact id (0 for none)."),
                c("name", "TEXT", "Author's name as sent."),
                c("email", "TEXT", "Author's email as sent."),
                c("created_at", "TEXT", "When it was written, local time; NULL when the helpdesk sent none."),
                c("message", "TEXT", "Message text."),
                c("attachment", "TEXT", "Stored attachment names as sent (`123456_a.png|…`)."),
                c("admin", "TEXT", "The admin who wrote it; NULL for a customer's message."),
                c("rating", "INTEGER", "Customer rating 1–5 of an admin reply; NULL when unrated (0 or missing)."),
                c(
                    "is_admin", "INTEGER",
                    "1 for an admin's message (an admin-opened ticket's opening message included)."),
                c("is_opening", "INTEGER", "1 for the opening message (`replyid` 0), never a response."),
                c("requestor_name", "TEXT", "WHMCS 8 `requestor_name` of the message; NULL when not sent."),
                c("requestor_email", "TEXT", "WHMCS 8 `requestor_email`; NULL when not sent."),
                c("requestor_type", "TEXT", "WHMCS 8 `requestor_type` (Operator for an admin); NULL when not sent."),
                c("attachment_count", "INTEGER", "Files attached (names only are kept, never contents)."),
                c("attachment_names", "TEXT", "Their names joined with `|`, as users see them; NULL for none."),
                c("attachments_removed", "INTEGER", "1 when the helpdesk says the files were removed."),
            ]),
        Table(
            name: "notes",
            meaning: "Internal notes; visible to staff only and never counted as replies.",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket."),
                c("position", "INTEGER", "0-based position as sent."),
                c("note_id", "INTEGER", "The helpdesk's note id."),
                c("created_at", "TEXT", "When it was written, local time; NULL for none."),
                c("message", "TEXT", "Note text."),
                c("admin", "TEXT", "The admin who wrote it; NULL when empty."),
                c("attachment_count", "INTEGER", "Files attached (names only)."),
                c("attachment_names", "TEXT", "Their names joined with `|`; NULL for none."),
                c("attachments_removed", "INTEGER", "1 when the helpdesk says the files were removed."),
            ]),
        Table(
            name: "ticket_metrics",
            meaning: "Figures derived per ticket at write time (DESIGN §5); indexed by opened_at.",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket."),
                c("dept_name", "TEXT", "Department name when fetched (reports label by `departments.dept_name`)."),
                c("opened_at", "TEXT", "When the ticket was opened, local time."),
                c("status", "TEXT", "Current status."),
                c("priority", "TEXT", "Priority."),
                c("opened_by_admin", "INTEGER", "1 when an admin opened the ticket (no first response time then)."),
                c(
                    "first_admin_reply_at", "TEXT",
                    "Earliest admin reply other than the opening message; NULL for none."),
                c("last_admin_reply_at", "TEXT", "Latest admin reply other than the opening message; NULL for none."),
                c(
                    "first_response_at", "TEXT",
                    "First response of a customer-opened ticket; NULL when unanswered, admin-opened or undated."),
                c("first_responder", "TEXT", "The admin who gave the first response; NULL when none."),
                c(
                    "frt_seconds", "INTEGER",
                    "First response time in seconds, clamped at 0; NULL when unanswered, admin-opened or its reply is undated."
                ),
                c(
                    "frt_business_seconds", "INTEGER",
                    "The same in business hours, under the calendar in force when stored."),
                c("customer_replies", "INTEGER", "Customer messages, the opening message excluded."),
                c("admin_replies", "INTEGER", "Admin replies, the opening message excluded."),
                c("notes", "INTEGER", "Internal notes."),
                c("rated_replies", "INTEGER", "Admin replies with a rating 1–5."),
                c("rating_sum", "INTEGER", "Sum of those ratings."),
                c("last_reply_at", "TEXT", "The helpdesk's `lastreply`, local time."),
                c("dept_id", "INTEGER", "Department id: what reports group by."),
                c(
                    "answered", "INTEGER",
                    "1 when an admin replied (the opening message aside), dated or not; 0 is unanswered."),
                c("undated_replies", "INTEGER", "Replies (opening aside) sent without a usable date."),
                c(
                    "skewed_replies", "INTEGER",
                    "Replies (opening aside) dated before the ticket was opened: clock skew."),
                c(
                    "reply_ids_assigned", "INTEGER",
                    "1 when the helpdesk sent no `replyid` and ids were assigned by date."),
                c(
                    "derivation", "INTEGER",
                    "Version of the rules that derived this row; below the current one, `ticketreport rebuild` updates it."
                ),
            ]),
        Table(
            name: "reply_waits",
            meaning:
                "Next-reply waits: one per run of customer messages (the opening one included) answered by an admin.",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket."),
                c(
                    "wait_index", "INTEGER",
                    "0-based, in date order; wait 0 of a customer's ticket is its first response."),
                c("dept_name", "TEXT", "Department name."),
                c("customer_at", "TEXT", "The first customer message of the run, local time."),
                c("admin_at", "TEXT", "The admin reply that ended the wait, local time (indexed)."),
                c("admin", "TEXT", "The admin who replied."),
                c("wait_seconds", "INTEGER", "admin_at − customer_at in seconds, clamped at 0."),
                c("dept_id", "INTEGER", "Department id: what reports group by."),
            ]),
        Table(
            name: "departments",
            meaning:
                "Each department's most recent name: the label reports show for a dept_id (names change and repeat).",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("dept_id", "INTEGER", "Department id."),
                c("dept_name", "TEXT", "The name in the most recent fetch of one of its tickets."),
                c("seen_at", "TEXT", "When that fetch happened (UTC)."),
            ]),
        Table(
            name: "ticket_events",
            meaning:
                "History the API does not keep: one row per change seen between two fetches of a ticket (sync, ingest --refresh). A change is known to have happened after the previous fetch and by `observed_at`, not exactly when.",
            columns: [
                c("event_id", "INTEGER", "Order of writing."),
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket."),
                c(
                    "observed_at", "TEXT",
                    "The fetch that saw the change, on the helpdesk's clock (`source.timezone`, UTC unless configured); rows migrated from an older store use their fetch time (UTC)."
                ),
                c(
                    "field", "TEXT",
                    "created (first fetch; new_value is the status), status, priority, dept_id, flag, subject, activity (only replies or notes added) or deleted (now \"not found\"; old_value is the last status)."
                ),
                c("old_value", "TEXT", "The value before (ids as decimal text); NULL for created and activity."),
                c("new_value", "TEXT", "The value after; NULL for activity and deleted."),
                c(
                    "replies_added", "INTEGER",
                    "Replies added since the previous fetch (all of them for created); on the first row of an observation only, so sum() counts each once."
                ),
                c("notes_added", "INTEGER", "Notes added since the previous fetch, like replies_added."),
                c("last_reply_at", "TEXT", "The ticket's `lastreply` at that fetch, local time."),
                c("run_id", "INTEGER", "The run that fetched it (`ingest_runs.run_id`); NULL for migrated rows."),
            ]),
        Table(
            name: "fetch_log",
            meaning: "The last fetch outcome of every ticket id tried; drives resume.",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket id requested."),
                c("outcome", "TEXT", "ok, not_found or failed."),
                c("http_status", "INTEGER", "HTTP status of the last attempt; NULL when none arrived."),
                c("attempts", "INTEGER", "Attempts made in the last run that tried it."),
                c("last_error", "TEXT", "The last failure's message; NULL on success."),
                c("run_id", "INTEGER", "The ingest run (`ingest_runs.run_id`)."),
                c("updated_at", "TEXT", "When this row was written (UTC)."),
            ]),
        Table(
            name: "ingest_runs",
            meaning: "One row per ingest run.",
            columns: [
                c("run_id", "INTEGER", "Run number."),
                c("source", "TEXT", "Helpdesk source."),
                c("url", "TEXT", "API URL used (no credentials)."),
                c("auth_style", "TEXT", "bearer or whmcs."),
                c("request", "TEXT", "What was asked for (id range or list)."),
                c("options", "TEXT", "Options of the run (concurrency, rate, refresh …)."),
                c("started_at", "TEXT", "Start time (UTC)."),
                c("finished_at", "TEXT", "Finish time (UTC); NULL while running or after a crash."),
                c("outcome", "TEXT", "running, ok, partial, failed or cancelled."),
                c("stored", "INTEGER", "Tickets stored."),
                c("not_found", "INTEGER", "Ids the helpdesk does not know."),
                c("failed", "INTEGER", "Ids that failed after retries."),
                c("skipped", "INTEGER", "Ids skipped (already fetched)."),
                c("retries", "INTEGER", "Retries made."),
            ]),
        Table(
            name: "raw_responses",
            meaning:
                "Each ticket's response body as received, minus the client access key, for rebuilding without the network.",
            columns: [
                c("source", "TEXT", "Helpdesk source."),
                c("ticket_id", "INTEGER", "The ticket."),
                c("fetched_at", "TEXT", "When it was fetched (UTC)."),
                c("body", "BLOB", "The JSON body (UTF-8), without `c`."),
            ]),
        Table(
            name: "store_meta",
            meaning: "Key–value facts about the store itself.",
            columns: [
                c("key", "TEXT", "Name of the fact."),
                c("value", "TEXT", "Its value."),
            ]),
    ]

    private static func c(_ name: String, _ type: String, _ meaning: String) -> Column {
        Column(name: name, type: type, meaning: meaning)
    }

    /// Plain text for `ticketreport schema`: a block per table, columns aligned.
    package static func text() -> String {
        var lines: [String] = []
        for table in tables {
            lines.append("\(table.name) — \(table.meaning)")
            let nameWidth = table.columns.map(\.name.count).max() ?? 0
            let typeWidth = table.columns.map(\.type.count).max() ?? 0
            for column in table.columns {
                let name = column.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let type = column.type.padding(toLength: typeWidth, withPad: " ", startingAt: 0)
                lines.append("  \(name)  \(type)  \(column.meaning)")
            }
            lines.append("")
        }
        lines.append("Timestamps are text YYYY-MM-DD HH:MM:SS: the helpdesk's local time unless marked UTC.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown for the README: a table per store table.
    package static func markdown() -> String {
        var lines: [String] = []
        for table in tables {
            lines.append("### `\(table.name)`")
            lines.append("")
            lines.append(table.meaning)
            lines.append("")
            lines.append("| column | type | meaning |")
            lines.append("|---|---|---|")
            for column in table.columns {
                let meaning = column.meaning.replacingOccurrences(of: "|", with: "\\|")
                lines.append("| `\(column.name)` | \(column.type) | \(meaning) |")
            }
            lines.append("")
        }
        lines.append("Timestamps are text `YYYY-MM-DD HH:MM:SS`: the helpdesk's local time unless marked UTC.")
        return lines.joined(separator: "\n") + "\n"
    }
}
