import ArgumentParser
import Config
import Foundation
import Logging
import Reporting

/// `--db` and `--log-level`, which every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store (default: the configuration's store, else ./tickets.sqlite).")
    var db: String?

    /// `--db` when given, else the configuration's `store:` (itself ./tickets.sqlite by default).
    func storePath(_ config: TicketReportConfig) -> String {
        db ?? config.store
    }

    @Option(name: .long, help: "error, warning, info, debug or trace (stderr).")
    var logLevel: Logger.Level = .warning

    /// Sets up logging on stderr once per process; the token is never part of any message.
    func makeLogger(label: String = "ticketreport") -> Logger {
        LoggingBootstrap.once(level: logLevel)
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

enum LoggingBootstrap {
    private static let done = LockedFlag()

    static func once(level: Logger.Level) {
        let first = done.withLock { flag in
            defer { flag = true }
            return !flag
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
