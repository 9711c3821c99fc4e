import Config
import Exporters
import Foundation
import HelpdeskAPI
import Ingest
import Reporting
import Testing
import TicketStore

@testable import ticketreport

/// The one mapping from what can end a command to its line and exit code: every kind of
/// error, its exit code, and the shape of its message.
@Suite("Error → message and exit code")
struct ErrorReportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var error: any Error & Sendable
        var exitCode: Int32
        /// What the line must start with.
        var prefix: String
        var testDescription: String { label }
    }

    static let url = URL(string: "https://help.example.com/includes/api.php")!

    static func ingest(_ kind: IngestError.Kind, _ message: String, style: String = "whmcs") -> IngestFailure {
        IngestFailure(
            error: IngestError(kind, message), authStyle: style, credentialHint: "TICKETREPORT_SECRET", url: url,
            retries: 6)
    }

    static let cases: [Case] = [
        Case(label: "usage", error: CLIError.usage("--x is wrong"), exitCode: 1, prefix: "--x is wrong"),
        Case(label: "partial", error: CLIError.partial("2 failed"), exitCode: 2, prefix: "2 failed"),
        Case(label: "fatal", error: CLIError.fatal("store gone"), exitCode: 3, prefix: "store gone"),
        Case(
            label: "configuration", error: ConfigurationError("unknown key", file: "t.yaml", line: 3), exitCode: 1,
            prefix: "t.yaml:3: unknown key"),
        Case(
            label: "report not found", error: ReportError(.notFound, "report \"x\" not found"), exitCode: 1,
            prefix: "report \"x\" not found"),
        Case(
            label: "report parameter", error: ReportError(.invalidParameter, "month must be YYYY-MM"), exitCode: 1,
            prefix: "month must be YYYY-MM"),
        Case(
            label: "report definition", error: ReportError(.invalidDefinition, "bad", file: "r.sql", line: 2),
            exitCode: 1, prefix: "r.sql:2: bad"),
        Case(label: "query refused", error: ReportError(.queryRefused, "refused"), exitCode: 1, prefix: "refused"),
        Case(label: "report SQL", error: ReportError(.sql, "no such column"), exitCode: 1, prefix: "no such column"),
        Case(label: "report store", error: ReportError(.store, "cannot open"), exitCode: 3, prefix: "cannot open"),
        Case(label: "store", error: StoreError(.diskFull, "the disk is full"), exitCode: 3, prefix: "the disk is full"),
        Case(label: "export file", error: ExportError(.file, "cannot write"), exitCode: 3, prefix: "cannot write"),
        Case(
            label: "export input", error: ExportError(.invalidInput, "add -o FILE"), exitCode: 1, prefix: "add -o FILE"),
        Case(
            label: "mail input", error: MailError(.invalidInput, "no recipients to mail to"), exitCode: 1,
            prefix: "no recipients to mail to"),
        Case(
            label: "sendmail failed", error: MailError(.sendmail, "sendmail failed (exit 75): queue full"), exitCode: 3,
            prefix: "sendmail failed (exit 75): queue full"),
        Case(
            label: "eml file", error: MailError(.file, "cannot write x.eml"), exitCode: 3, prefix: "cannot write x.eml"),
        Case(
            label: "refused credentials",
            error: ingest(.authentication(.credentials), "the helpdesk refused the request: \"Authentication Failed\""),
            exitCode: 3,
            prefix:
                "authentication failed (whmcs auth): the helpdesk refused the credentials (it answered \"Authentication Failed\"); check TICKETREPORT_SECRET. Nothing more was fetched."
        ),
        Case(
            label: "bearer at a classic URL",
            error: ingest(.authentication(.credentials), "the helpdesk refused the request: \"x\"", style: "bearer"),
            exitCode: 3, prefix: "authentication failed (bearer auth): the helpdesk refused the credentials"),
        Case(
            label: "refused IP",
            error: ingest(.authentication(.ipNotAllowed), "the helpdesk refused the request: \"Invalid IP 1.2.3.4\""),
            exitCode: 3, prefix: "the helpdesk refused this machine's IP address (it answered \"Invalid IP 1.2.3.4\")"),
        Case(
            label: "banned IP",
            error: ingest(.authentication(.ipBanned), "the helpdesk refused the request: \"IP Banned\""),
            exitCode: 3, prefix: "the helpdesk has banned this machine's IP address"),
        Case(
            label: "access key",
            error: ingest(.authentication(.accessKey), "the helpdesk refused the request: \"Invalid Access Key\""),
            exitCode: 3, prefix: "the helpdesk refused the API access key"),
        Case(
            label: "permissions",
            error: ingest(.authentication(.permissions), "the helpdesk refused the request: \"Invalid Permissions\""),
            exitCode: 3, prefix: "the API credentials may not read tickets"),
        Case(
            label: "access denied",
            error: ingest(.authentication(.accessDenied), "the helpdesk refused the request: \"Access Denied\""),
            exitCode: 3, prefix: "the helpdesk denied access"),
        Case(
            label: "not an endpoint",
            error: ingest(.notAnEndpoint, "the URL is not a Get Ticket endpoint: it answered HTTP 404"), exitCode: 3,
            prefix: "the URL is not a Get Ticket endpoint: it answered HTTP 404. Check --url"),
        Case(
            label: "repeated errors", error: ingest(.repeatedErrors, "the first 20 answers were all the same error"),
            exitCode: 3, prefix: "the first 20 answers were all the same error; check --url and the credentials"),
        Case(
            label: "unreachable", error: ingest(.unreachable, "connection refused"), exitCode: 3,
            prefix: "cannot reach https://help.example.com/includes/api.php after 6 retries (connection refused)"),
        Case(label: "ingest store", error: ingest(.store, "the disk is full"), exitCode: 3, prefix: "the disk is full"),
        Case(label: "ingest request", error: ingest(.invalidRequest, "bad ids"), exitCode: 1, prefix: "bad ids"),
    ]

    @Test(arguments: cases)
    func eachErrorHasItsCodeAndLine(_ entry: Case) throws {
        let (message, code) = try #require(ErrorReport.describe(entry.error))
        #expect(code == entry.exitCode)
        #expect(message.hasPrefix(entry.prefix), "\(message)")
        #expect(!message.contains("\n"), "one line")
    }

    /// A bearer token sent to classic WHMCS's endpoint is the likely mistake: say so.
    @Test func aBearerTokenAtClassicWHMCSGetsAHint() throws {
        let failure = Self.ingest(
            .authentication(.credentials), "the helpdesk refused the request: \"x\"", style: "bearer")
        #expect(try #require(ErrorReport.describe(failure)).message.contains("try --auth whmcs"))
    }

    /// Anything else is not a user mistake: not in the mapping, and the runner reports it
    /// as an unexpected, fatal error.
    @Test func unknownErrorsAreFatal() async {
        struct Surprise: Error {}
        #expect(ErrorReport.describe(Surprise()) == nil)
    }
}
