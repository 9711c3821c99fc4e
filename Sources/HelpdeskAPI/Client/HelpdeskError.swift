/// Why a Get Ticket call did not produce a ticket (a missing ticket is not an error).
///
/// The kind decides what the caller does: retry (`throttled`, `transient`, `unreachable`),
/// give up on this id (`permanent`), or stop everything (`authenticationFailed`).
/// Messages never contain the token, the secret or a ticket's access key.
public struct HelpdeskError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// 401/403, or `result: error` with an authentication message. Stop the run.
        case authenticationFailed
        /// 429, or 503 with `Retry-After`. Wait at least `retryAfter` seconds, then retry.
        case throttled(retryAfter: Double?)
        /// 5xx, a timeout, a reset connection, a truncated body. Retry with backoff.
        case transient
        /// The host could not be reached at all (refused, DNS). Retry; fatal when it persists.
        case unreachable
        /// Any other 4xx, a redirect, a body that is valid JSON but not a ticket. Do not retry.
        case permanent
    }

    public var kind: Kind
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    public var message: String

    public init(_ kind: Kind, httpStatus: Int? = nil, message: String) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.message = message
    }

    /// Whether trying the same request again may succeed.
    public var isRetryable: Bool {
        switch kind {
        case .throttled, .transient, .unreachable: return true
        case .authenticationFailed, .permanent: return false
        }
    }

    public var description: String {
        if let httpStatus { return "HTTP \(httpStatus): \(message)" }
        return message
    }
}
