import Config

/// Anything that stops a report, query, pack or configuration from loading or running.
///
/// The message is one line that names the object (a file with its line when there is
/// one, a report, a parameter, a configuration key) and says what to do about it. It
/// never contains values bound to a statement:
///
///     reports/sla.sql:4: params.as_of: unknown parameter type "datetime" (use month, date, string or int)
///     report "slas" not found in reports/, queries/ or the built-in reports (try: ticketreport report list)
package struct ReportError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, for callers that pick an exit code.
    package enum Kind: String, Sendable, Equatable {
        /// No report, pack or file of that name.
        case notFound
        /// A report file or pack whose header, SQL or YAML is broken.
        case invalidDefinition
        /// A parameter value that does not fit its declared type, or a missing/unknown one.
        case invalidParameter
        /// `ticketreport.yaml` is unreadable or invalid.
        case invalidConfig
        /// Ad-hoc SQL that would write, attach, or run several statements.
        case queryRefused
        /// SQLite failed while preparing or running the statement.
        case sql
        /// The store could not be opened or read.
        case store
        /// A file could not be read.
        case io
    }

    package var kind: Kind
    /// The file the problem is in, as the user would type it, when there is one.
    package var file: String?
    /// The 1-based line in `file`, when known.
    package var line: Int?
    /// The problem and its fix, without the file prefix.
    package var problem: String

    package init(_ kind: Kind, _ problem: String, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.problem = problem
        self.file = file
        self.line = line
    }

    /// `file:line: problem`; `line N: problem` for SQL typed on the command line; else the problem.
    package var description: String { located(problem, file: file, line: line) }
}

extension YAMLSource where Failure == ReportError {
    /// A report's header or a pack file: problems are invalid definitions.
    static func forDefinition(file: String, firstLine: Int) -> YAMLSource<ReportError> {
        YAMLSource(file: file, firstLine: firstLine) { file, line, message in
            ReportError(.invalidDefinition, message, file: file, line: line)
        }
    }
}
