/// What one Get Ticket call produced when it did not fail.
public enum GetTicketResult: Sendable, Equatable {
    /// The ticket, and the response body as received minus the access key `c`.
    case ticket(Ticket, rawBody: [UInt8])
    /// HTTP 200 with `{"result":"error","message":"Ticket ID Not Found"}`.
    case notFound
}

/// Turns an HTTP status, headers and body into a result or a classified error.
///
/// Kept apart from the HTTP client so every quirk can be tested with plain bytes:
///
///     let result = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: bytes)
public enum GetTicketResponse {
    public static func classify(status: Int, retryAfter: String?, body: [UInt8]) throws(HelpdeskError)
        -> GetTicketResult
    {
        switch status {
        case 401, 403:
            throw HelpdeskError(
                .authenticationFailed, httpStatus: status, message: "the helpdesk rejected the credentials")
        case 429:
            throw HelpdeskError(
                .throttled(retryAfter: parseRetryAfter(retryAfter)), httpStatus: status,
                message: "rate limited by the helpdesk")
        case 503:
            let wait = parseRetryAfter(retryAfter)
            throw HelpdeskError(
                wait == nil ? .transient : .throttled(retryAfter: wait), httpStatus: status,
                message: "the helpdesk is unavailable")
        case 500...599:
            throw HelpdeskError(.transient, httpStatus: status, message: "server error")
        case 300...399:
            throw HelpdeskError(
                .permanent, httpStatus: status,
                message: "the helpdesk answered with a redirect, which is not followed (use the final URL)")
        case 400...499:
            throw HelpdeskError(.permanent, httpStatus: status, message: "request refused by the helpdesk")
        case 200...299:
            break
        default:
            throw HelpdeskError(.permanent, httpStatus: status, message: "unexpected HTTP status")
        }

        // The body is kept as received (minus `c`); invalid UTF-8 inside a string value
        // becomes U+FFFD in the decoded text rather than failing the whole ticket.
        guard let redacted = AccessKeyRedactor.redact(body) else {
            // A body that starts like a JSON object but does not close was cut off in
            // transit: worth another try. Anything else (an HTML login page, say) is not.
            if body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") {
                throw HelpdeskError(
                    .transient, httpStatus: status, message: "the response body is incomplete JSON (truncated)")
            }
            throw HelpdeskError(
                .permanent, httpStatus: status, message: "the response is not JSON (is the URL the API endpoint?)")
        }
        guard let json = JSONValue.parse(redacted), let envelope = GetTicketEnvelope(json) else {
            throw HelpdeskError(.permanent, httpStatus: status, message: "the response is JSON but not a ticket")
        }
        if let ticket = envelope.ticket { return .ticket(ticket, rawBody: redacted) }

        let message = envelope.message.lowercased()
        if envelope.result.lowercased() == "error" {
            if message.contains("not found") { return .notFound }
            if message.contains("auth") || message.contains("credential") || message.contains("permission")
                || message.contains("invalid ip") || message.contains("access denied") || message.contains("token")
            {
                throw HelpdeskError(
                    .authenticationFailed, httpStatus: status, message: "the helpdesk rejected the credentials")
            }
            throw HelpdeskError(
                .permanent, httpStatus: status, message: "the helpdesk answered: \(envelope.message.prefix(200))")
        }
        throw HelpdeskError(.permanent, httpStatus: status, message: "the response is JSON but not a ticket")
    }

    /// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
    static func parseRetryAfter(_ value: String?) -> Double? {
        guard let value, let seconds = Double(value.trimmingSpaces()), seconds >= 0, seconds.isFinite else {
            return nil
        }
        return seconds
    }
}
