import Foundation

/// What one Get Ticket call produced when it did not fail.
package enum GetTicketResult: Sendable, Equatable {
    /// The ticket, and the response body as received minus the access key `c`.
    case ticket(Ticket, rawBody: [UInt8])
    /// `{"result":"error","message":"Ticket ID Not Found"}`: the only answer that means "no such ticket".
    case notFound
}

/// Turns an HTTP status, headers and body into a result or a classified error.
///
/// Kept apart from the HTTP client so every quirk can be tested with plain bytes:
///
///     let result = try GetTicketResponse.classify(status: 200, retryAfter: nil, body: bytes)
///
/// The body decides as much as the status: WHMCS answers a refused IP with 403 (some setups
/// 400, WHMCS 5 with 200), and a wrong URL or action with 200. Only the exact message
/// `Ticket ID Not Found` is a missing ticket; refusals stop the run, and so does anything
/// that shows the URL is not a Get Ticket endpoint at all (`Command Not Found`, an HTML
/// login page, XML, JSON that is not a ticket).
package enum GetTicketResponse {
    /// The ticket, a missing ticket, or the error a response means, from its status, its
    /// content type, its `Retry-After` and its body.
    package static func classify(status: Int, contentType: String? = nil, retryAfter: String?, body: [UInt8])
        throws(HelpdeskError) -> GetTicketResult
    {
        try checkStatus(status, retryAfter: retryAfter)

        // The body is kept as received (minus `c`); invalid UTF-8 inside a string value
        // becomes U+FFFD in the decoded text rather than failing the whole ticket.
        guard let redacted = AccessKeyRedactor.redact(body) else {
            // A body that starts like a JSON object but does not close was cut off in
            // transit: worth another try.
            if (200...299).contains(status), firstNonSpace(body) == UInt8(ascii: "{") {
                throw HelpdeskError(
                    .transient, httpStatus: status, message: "the response body is incomplete JSON (truncated)")
            }
            throw classifyOther(status: status, contentType: contentType, body: body)
        }
        guard let json = JSONValue.parse(redacted), let envelope = GetTicketEnvelope(json) else {
            throw notAnEndpoint(status: status, contentType: contentType, body: redacted)
        }
        if let ticket = envelope.ticket, (200...299).contains(status) { return .ticket(ticket, rawBody: redacted) }

        if envelope.result.lowercased() == "error" {
            let message = String(envelope.message.trimmingSpaces())
            if message.lowercased() == "ticket id not found" { return .notFound }
            if let error = classifyMessage(message, status: status, contentType: contentType, body: redacted) {
                throw error
            }
            if status == 401 || status == 403 {
                throw refused(.credentials, message, status: status)
            }
            throw HelpdeskError(
                .permanent, httpStatus: status,
                message: "the helpdesk answered: \(TextExcerpt.printable(message, limit: 200))")
        }
        if status == 401 || status == 403 {
            throw refused(.credentials, nil, status: status, contentType: contentType, body: redacted)
        }
        throw notAnEndpoint(status: status, contentType: contentType, body: redacted)
    }

    /// Throws for the statuses that decide an answer before its body does (throttling, server
    /// errors, redirects); returns for 2xx and 4xx, whose body says what happened. Every API
    /// call (Get Ticket, GetTickets) goes through it.
    static func checkStatus(_ status: Int, retryAfter: String?) throws(HelpdeskError) {
        switch status {
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
        case 200...299, 400...499:
            return
        default:
            throw HelpdeskError(.permanent, httpStatus: status, message: "unexpected HTTP status")
        }
    }

    /// Decodes a body kept in the store (`raw_responses`, already without `c`) with today's
    /// rules, for rebuilding without the network.
    package static func decodeStored(_ body: [UInt8]) throws(HelpdeskError) -> Ticket {
        switch try classify(status: 200, retryAfter: nil, body: body) {
        case .ticket(let ticket, _): return ticket
        case .notFound: throw HelpdeskError(.permanent, message: "the stored response says the ticket was not found")
        }
    }

    /// A body that is not JSON: an XML or `result=error;message=…` answer of classic WHMCS
    /// (requests without `responsetype=json`), or a page from a web server or a login form.
    static func classifyOther(status: Int, contentType: String?, body: [UInt8]) -> HelpdeskError {
        if let message = embeddedMessage(body),
            let error = classifyMessage(message, status: status, contentType: contentType, body: body)
        {
            return error
        }
        if status == 401 || status == 403 {
            return refused(.credentials, nil, status: status, contentType: contentType, body: body)
        }
        return notAnEndpoint(status: status, contentType: contentType, body: body)
    }

    /// The refusals and wrong-endpoint answers WHMCS gives (7.x/8.x API middleware, and the
    /// 5.x/6.x `includes/api.php`); nil for any other message.
    static func classifyMessage(_ message: String, status: Int, contentType: String?, body: [UInt8])
        -> HelpdeskError?
    {
        let lowered = message.lowercased()
        func starts(_ prefix: String) -> Bool { lowered.hasPrefix(prefix) }
        if starts("invalid ip") { return refused(.ipNotAllowed, message, status: status) }
        if starts("ip banned") { return refused(.ipBanned, message, status: status) }
        if starts("invalid access key") { return refused(.accessKey, message, status: status) }
        if starts("invalid permissions") { return refused(.permissions, message, status: status) }
        if starts("access denied") { return refused(.accessDenied, message, status: status) }
        if starts("authentication failed") || starts("invalid or missing credentials")
            || starts("invalid administrative identifier") || starts("administrator account disabled")
            || starts("invalid password") || lowered.contains("unauthori") || lowered.contains("invalid token")
            || lowered.contains("credential")
        {
            return refused(.credentials, message, status: status)
        }
        let wrongEndpoint = [
            "command not found", "api function not found", "invalid api action", "invalid api command",
            "unsupported api response type", "this api action only supports", "empty action request",
            "endpoint not found",
        ]
        if wrongEndpoint.contains(where: starts) {
            return notAnEndpoint(status: status, contentType: contentType, body: body)
        }
        return nil
    }

    /// `<message>…</message>` of an XML answer, or `message=…` of a `result=error;message=…` one.
    static func embeddedMessage(_ body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(4_096), as: UTF8.self)
        if let open = text.range(of: "<message>"),
            let close = text.range(of: "</message>", range: open.upperBound..<text.endIndex)
        {
            var inner = String(text[open.upperBound..<close.lowerBound])
            if inner.hasPrefix("<![CDATA["), inner.hasSuffix("]]>") { inner = String(inner.dropFirst(9).dropLast(3)) }
            return String(inner.trimmingSpaces())
        }
        let trimmed = String(text.trimmingSpaces())
        if trimmed.hasPrefix("result="), let range = trimmed.range(of: "message=") {
            let rest = trimmed[range.upperBound...]
            return String(String(rest.prefix { $0 != ";" && $0 != "\n" }).trimmingSpaces())
        }
        return nil
    }

    static func refused(
        _ refusal: HelpdeskError.Refusal, _ message: String?, status: Int, contentType: String? = nil,
        body: [UInt8] = []
    ) -> HelpdeskError {
        let said =
            message.map { "\"\(TextExcerpt.printable($0, limit: 120))\"" }
            ?? TextExcerpt.answer(status: status, contentType: contentType, body: body)
        return HelpdeskError(
            .authenticationFailed(refusal), httpStatus: status, message: "the helpdesk refused the request: \(said)")
    }

    static func notAnEndpoint(status: Int, contentType: String?, body: [UInt8]) -> HelpdeskError {
        HelpdeskError(
            .notAnEndpoint, httpStatus: status,
            message: "the URL is not a Get Ticket endpoint: it answered "
                + TextExcerpt.answer(status: status, contentType: contentType, body: body))
    }

    private static func firstNonSpace(_ body: [UInt8]) -> UInt8? {
        body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })
    }

    /// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
    static func parseRetryAfter(_ value: String?) -> Double? {
        guard let value, let seconds = Double(value.trimmingSpaces()), seconds >= 0, seconds.isFinite else {
            return nil
        }
        return seconds
    }
}

/// Short, printable quotations of what a server sent, for one-line messages.
enum TextExcerpt {
    /// `HTTP 200, text/html: "<!DOCTYPE html> <html> <head> <title>Log in</title>…"`.
    static func answer(status: Int, contentType: String?, body: [UInt8]) -> String {
        let type = contentType.map {
            String((($0.split(separator: ";").first.map(String.init)) ?? $0).trimmingSpaces())
        }
        var text = "HTTP \(status)"
        if let type, !type.isEmpty { text += ", \(printable(type, limit: 60))" }
        let excerpt = printable(withoutAccessKey(String(decoding: body.prefix(1_024), as: UTF8.self)), limit: 80)
        return text + (excerpt.isEmpty ? ", an empty body" : ": \"\(excerpt)\"")
    }

    /// An XML answer carries the access key as `<c>…</c>`; JSON bodies are redacted before.
    static func withoutAccessKey(_ text: String) -> String {
        var text = text
        while let open = text.range(of: "<c>") {
            let close = text.range(of: "</c>", range: open.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
            text.replaceSubrange(open.lowerBound..<close, with: "")
        }
        return text
    }

    /// The first `limit` printable characters: control characters and runs of white space
    /// become one space, so a server cannot move the cursor or split the line.
    static func printable(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        var pendingSpace = false
        for character in text {
            let isSpace =
                character.isWhitespace
                || character.unicodeScalars.contains {
                    $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                }
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            guard count < limit else { return out + "…" }
            out.append(character)
            count += 1
        }
        return out
    }
}
