/// A configuration file that cannot be used: one line naming the file, the line and the key,
/// and what to write instead.
///
///     ticketreport.yaml:4: sla.first_response.Urgent.hour: unknown key (did you mean hours?)
package struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file as the user would type it, when there is one.
    package var file: String?
    /// The 1-based line in `file`, when known.
    package var line: Int?
    /// The problem and its fix, without the file prefix.
    package var problem: String

    package init(_ problem: String, file: String? = nil, line: Int? = nil) {
        self.problem = problem
        self.file = file
        self.line = line
    }

    /// `file:line: problem`, `file: problem`, or the problem.
    package var description: String { located(problem, file: file, line: line) }
}

/// How every error about a file reads: `file:line: problem`, `file: problem`, `line N:
/// problem` (text typed on the command line), or the problem alone.
package func located(_ problem: String, file: String?, line: Int?) -> String {
    switch (file, line) {
    case (let file?, let line?): return "\(file):\(line): \(problem)"
    case (let file?, nil): return "\(file): \(problem)"
    case (nil, let line?): return "line \(line): \(problem)"
    case (nil, nil): return problem
    }
}
