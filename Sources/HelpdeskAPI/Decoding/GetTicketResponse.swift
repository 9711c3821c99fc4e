import Foundation

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

        // Invalid UTF-8 inside a string would make the whole ticket undecodable; repair it
        // to U+FFFD instead, which keeps every other byte of the ticket.
        let bytes = isValidUTF8(body) ? body : Array(String(decoding: body, as: UTF8.self).utf8)
        guard let redacted = AccessKeyRedactor.redact(bytes) else {
            // A body that starts like a JSON object but does not close was cut off in
            // transit: worth another try. Anything else (an HTML login page, say) is not.
            if bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") {
                throw HelpdeskError(
                    .transient, httpStatus: status, message: "the response body is incomplete JSON (truncated)")
            }
            throw HelpdeskError(
                .permanent, httpStatus: status, message: "the response is not JSON (is the URL the API endpoint?)")
        }
        let envelope: GetTicketEnvelope
        do {
            envelope = try JSONDecoder().decode(GetTicketEnvelope.self, from: Data(redacted))
        } catch {
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

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
