/// Mailing a pack that could not be done; one line naming what failed and what to do.
package struct MailError: Error, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        /// Nothing to mail to, or a value that cannot go into a message: the user's to fix (exit 1).
        case invalidInput
        /// The sendmail program could not be started or reported a failure (exit 3).
        case sendmail
        /// The `.eml` file could not be written (exit 3).
        case file
    }

    package let kind: Kind
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
