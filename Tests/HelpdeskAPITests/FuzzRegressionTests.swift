import Foundation
import HelpdeskAPI
import Testing

/// Inputs found by `make fuzz` (Tests/Fuzz), kept so a fix stays fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    func storedBody(_ json: String) throws -> String? {
        guard
            case .ticket(_, let raw) = try GetTicketResponse.classify(
                status: 200, retryAfter: nil, body: Array(json.utf8))
        else { return nil }
        return String(decoding: raw, as: UTF8.self)
    }

    /// `"\u0063"` is the member name `c` to any JSON reader: the access key under an escaped
    /// name must not reach `raw_responses` (caught by the get-ticket-decoder target's redaction check).
    @Test func anEscapedAccessKeyNameIsDropped() throws {
        let json = #"{"result":"success","ticketid":"1","\u0063":"KPqH7yG3","nested":{"\u0063":"K2"},"subject":"s"}"#
        let stored = try #require(try storedBody(json))
        #expect(!stored.contains("KPqH7yG3") && !stored.contains("K2"), "\(stored)")
        #expect(stored == #"{"result":"success","ticketid":"1","nested":{},"subject":"s"}"#)
    }

    /// Other escaped names are kept byte for byte, and a name that only starts like `c` stays.
    @Test func otherEscapedNamesAreKept() throws {
        let json = #"{"result":"success","ticketid":"1","\u0063c":"keep","\u0043":"upper","sub\"ject":"x","\/c":"y"}"#
        #expect(try storedBody(json) == json)
    }
}
