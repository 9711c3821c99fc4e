/// A store that cannot be opened, read or written; the message names the file and the fix.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        case missing, notADatabase, newerSchema, readOnly, diskFull, busy, other
    }
    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
