import ArgumentParser
import Foundation

/// The root command: parses, wires the stages, prints. Everything else lives in the libraries.
struct TicketReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticketreport",
        abstract: "Pull helpdesk tickets into SQLite, compute reports, export XLSX and HTML.",
        discussion: """
            Typical use:
              export TICKETREPORT_TOKEN=…            # or --token-file FILE
              ticketreport ingest --url https://support.example.com/api/getticket --from 1 --to 5000
              ticketreport sync --url https://support.example.com/api/getticket   # from cron

            Exit codes: 0 ok, 1 usage or bad input, 2 partial failure (some tickets failed), 3 fatal.
            """,
        version: VersionText.text,
        subcommands: CommandRegistry.all)
}

@main
enum Main {
    static func main() async {
        let code = await CommandRunner.run(Array(CommandLine.arguments.dropFirst()))
        exit(code)
    }
}

/// Runs a command line and maps every outcome to an exit code and at most a few lines of
/// text (``ErrorReport``): never a stack trace for a user mistake.
enum CommandRunner {
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try TicketReport.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let error where ErrorReport.describe(error) != nil {
            let (message, code) = ErrorReport.describe(error)!
            Terminal.error(message)
            return code
        } catch {
            let code = TicketReport.exitCode(for: error)
            if code == .success {
                // --help and --version.
                Terminal.out(TicketReport.fullMessage(for: error))
                return 0
            }
            guard code == .validationFailure else {
                // Nothing a user did: say what happened, as a fatal error.
                Terminal.error("unexpected error: \(String(describing: error))")
                return 3
            }
            let message = TicketReport.message(for: error).replacingOccurrences(of: "\n", with: " ")
            let subcommand = arguments.first { !$0.hasPrefix("-") }.map { " \($0)" } ?? ""
            Terminal.error("\(message) (see 'ticketreport\(subcommand) --help')")
            return 1
        }
    }
}
