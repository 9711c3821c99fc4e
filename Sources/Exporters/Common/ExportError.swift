import Foundation

/// An export that could not be completed; the message names the file and what to do about it.
///
/// Messages never contain cell values: a report may carry requester names and emails.
package struct ExportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers that pick an exit code or retry.
    package enum Kind: String, Sendable {
        /// The output file or its temporary sibling could not be created or written.
        case file
        /// libxlsxwriter refused an operation.
        case xlsx
        /// An HTML template could not be loaded or parsed.
        case template
        /// The rows or columns handed to an exporter do not fit the output format.
        case invalidInput
        /// A writer was used out of order (row before header, after close, after a failure).
        case misuse
    }

    package let kind: Kind
    /// One line: the object, the problem, the fix.
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}

extension ExportError {
    static func file(_ url: URL, _ problem: String, fix: String) -> ExportError {
        ExportError(.file, "cannot write \"\(url.path)\": \(problem) (\(fix))")
    }

    static func misuse(_ message: String) -> ExportError {
        ExportError(.misuse, message)
    }
}
