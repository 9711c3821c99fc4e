import Config
import Exporters
import Foundation
import HelpdeskAPI
import Ingest
import Reporting
import TicketStore

/// An error the command line itself raises, with its exit code.
struct CLIError: Error {
    var message: String
    var exitCode: Int32

    /// Bad input from the user: exit 1.
    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
    /// Some tickets failed: exit 2.
    static func partial(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }
    /// The run could not go on (auth, store, unreachable): exit 3.
    static func fatal(_ message: String) -> CLIError { CLIError(message: message, exitCode: 3) }
}

/// An ingest that had to stop, with what its one-line message needs to say what to fix.
struct IngestFailure: Error {
    var error: IngestError
    /// bearer or whmcs.
    var authStyle: String
    /// Where the credentials came from: `TICKETREPORT_TOKEN`, `the token in FILE` ….
    var credentialHint: String
    var url: URL
    var retries: Int
}

/// The one place that turns any error a command ends with into its one line and exit code:
/// 1 bad input, 2 partial failure, 3 fatal (helpdesk refused or unreachable, store, files).
///
/// ArgumentParser's own errors (usage, `--help`) are not here: they print their usage text.
enum ErrorReport {
    static func describe(_ error: any Error) -> (message: String, exitCode: Int32)? {
        switch error {
        case let error as CLIError: return (error.message, error.exitCode)
        case let error as ConfigurationError: return (error.description, 1)
        case let error as ReportError:
            // A store that cannot be opened or read is fatal; everything else is bad input
            // (a name, a parameter, a report file, refused SQL).
            return (error.description, error.kind == .store ? 3 : 1)
        case let error as StoreError: return (error.message, 3)
        case let error as ExportError: return (error.message, error.kind == .invalidInput ? 1 : 3)
        case let error as MailError: return (error.message, error.kind == .invalidInput ? 1 : 3)
        case let failure as IngestFailure:
            return (ingestMessage(failure), failure.error.kind == .invalidRequest ? 1 : 3)
        case let error as IngestError: return (error.message, error.kind == .invalidRequest ? 1 : 3)
        case let error as HelpdeskError: return (error.description, error.kind == .permanent ? 2 : 3)
        default: return nil
        }
    }

    /// What to fix, by why the run stopped.
    static func ingestMessage(_ failure: IngestFailure) -> String {
        let error = failure.error
        let stop = "Nothing more was fetched."
        switch error.kind {
        case .authentication(let refusal):
            // "the helpdesk refused the request: "Invalid IP 203.0.113.7"" → the quoted answer.
            let answer = error.message.components(separatedBy: "refused the request: ").last ?? error.message
            var text = refusal.explanation(answer: answer, credentials: failure.credentialHint)
            if refusal == .credentials {
                let classic =
                    failure.authStyle == "bearer" && failure.url.path.hasSuffix("/includes/api.php")
                    ? " (this looks like classic WHMCS: try --auth whmcs)" : ""
                text = "authentication failed (\(failure.authStyle) auth): \(text)\(classic)"
            }
            return "\(text). \(stop)"
        case .notAnEndpoint:
            return
                "\(error.message). Check --url: it must be the Get Ticket endpoint (classic WHMCS: https://YOUR-WHMCS/includes/api.php with --auth whmcs). \(stop)"
        case .repeatedErrors:
            return "\(error.message); check --url and the credentials, then run the same command again"
        case .unreachable:
            return
                "cannot reach \(HelpdeskEndpoint.redacted(failure.url.absoluteString)) after \(failure.retries) retries (\(error.message)); check --url and that the helpdesk is up, then run the same command again"
        case .store, .invalidRequest:
            return error.message
        }
    }
}
