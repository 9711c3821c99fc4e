// libFuzzer entry for the Get Ticket decoder and the access-key redactor.
//
// Built by Tests/Fuzz/run.sh together with HelpdeskAPI's Model/ and Decoding/ sources
// (no AsyncHTTPClient), so `internal` types are reachable. Besides "does not crash", it
// checks what the redactor promises: its output is a fixed point, and no object member
// whose decoded name is "c" survives it.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGetTicket(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    if let redacted = AccessKeyRedactor.redact(bytes) {
        guard AccessKeyRedactor.redact(redacted) == redacted else {
            fatalError("redacting twice changed the bytes")
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(redacted), options: [.fragmentsAllowed]),
            containsAccessKey(object)
        {
            fatalError("a member named \"c\" survived redaction")
        }
    }

    switch try? GetTicketResponse.classify(status: 200, retryAfter: nil, body: bytes) {
    case .ticket(let ticket, let rawBody)?:
        // The stored body is redacted and decodes to the same ticket id.
        guard AccessKeyRedactor.redact(rawBody) == rawBody else { fatalError("stored body not redacted") }
        guard
            case .ticket(let again, _)? = try? GetTicketResponse.classify(status: 200, retryAfter: nil, body: rawBody),
            again.ticketID == ticket.ticketID
        else { fatalError("the stored body does not decode to the same ticket") }
    default:
        break
    }
    return 0
}

func containsAccessKey(_ value: Any) -> Bool {
    if let object = value as? [String: Any] {
        return object.keys.contains("c") || object.values.contains { containsAccessKey($0) }
    }
    if let array = value as? [Any] { return array.contains { containsAccessKey($0) } }
    return false
}
