import Ingest
import Reporting
import TicketStore

/// An error the command line reports as one line `Error: …` with a specific exit code.
struct CLIError: Error {
    var message: String
    var exitCode: Int32

    /// Bad input from the user: exit 1.
    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
    /// Some tickets failed: exit 2.
    static func partial(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }
    /// The run could not go on (auth, store, unreachable): exit 3.
    static func fatal(_ message: String) -> CLIError { CLIError(message: message, exitCode: 3) }

    /// Maps a library error to its exit code.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as StoreError:
            return error.kind == .missing || error.kind == .notADatabase || error.kind == .newerSchema
                ? CLIError(message: error.message, exitCode: 3) : .fatal(error.message)
        case let error as IngestError:
            return error.kind == .invalidRequest ? .usage(error.message) : .fatal(error.message)
        default:
            return .fatal(String(describing: error))
        }
    }
}
