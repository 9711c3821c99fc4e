import Exporters
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

    /// Maps a library error to its exit code: bad input 1, a store or helpdesk that
    /// cannot be used 3. Anything else is unexpected and fatal.
    static func from(_ error: any Error) -> CLIError {
        library(error) ?? .fatal(String(describing: error))
    }

    /// The mapping for the libraries' own error types; nil for anything else (such as
    /// ArgumentParser's errors, which print their own usage text).
    static func library(_ error: any Error) -> CLIError? {
        switch error {
        case let error as CLIError: return error
        case let error as StoreError: return .fatal(error.message)
        case let error as IngestError:
            return error.kind == .invalidRequest ? .usage(error.message) : .fatal(error.message)
        case let error as ReportError:
            // Bad input (a name, a parameter, a report file, the configuration, refused
            // SQL) exits 1; a store that cannot be opened or read exits 3.
            return error.kind == .store ? .fatal(error.description) : .usage(error.description)
        case let error as ExportError: return .fatal(error.description)
        default: return nil
        }
    }
}
