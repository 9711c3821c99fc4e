import HelpdeskAPI
import Testing

@Suite("Get Ticket requests")
struct RequestTests {
    @Test func bearerStyleIsMultipartWithTheToken() {
        let request = GetTicketRequest(lookup: .id(42), sort: .descending, credentials: .bearer(token: "tok-123"))
        let headers = Dictionary(uniqueKeysWithValues: request.headers.map { ($0.name, $0.value) })
        #expect(headers["Authorization"] == "Bearer tok-123")
        let contentType = headers["Content-Type"] ?? ""
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(contentType.split(separator: "=", maxSplits: 1)[1])
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains("--\(boundary)\r\nContent-Disposition: form-data; name=\"ticketid\"\r\n\r\n42\r\n"))
        #expect(body.contains("name=\"repliessort\"\r\n\r\nDESC\r\n"))
        #expect(body.hasSuffix("--\(boundary)--\r\n"))
        // As the API page's examples send it.
        #expect(headers["X-Requested-With"] == "XMLHttpRequest")
    }

    @Test func ticketNumberLookup() {
        let request = GetTicketRequest(lookup: .number("ABC-123"), credentials: .bearer(token: "t"))
        #expect(String(decoding: request.body, as: UTF8.self).contains("name=\"ticketnum\"\r\n\r\nABC-123"))
    }

    @Test func whmcsStyleIsAFormWithIdentifierAndSecret() {
        let request = GetTicketRequest(
            lookup: .id(7), credentials: .whmcs(identifier: "id&1", secret: "s e/c"))
        let headers = Dictionary(uniqueKeysWithValues: request.headers.map { ($0.name, $0.value) })
        #expect(headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(headers["Authorization"] == nil)
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "action=GetTicket&identifier=id%261&secret=s+e%2Fc&responsetype=json&ticketid=7&repliessort=ASC")
    }

    /// Classic WHMCS wants `accesskey` from addresses not on its IP allow-list.
    @Test func whmcsStyleSendsTheAccessKeyWhenGiven() {
        let request = GetTicketRequest(
            lookup: .id(7), credentials: .whmcs(identifier: "i", secret: "s", accessKey: "k&y"))
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "action=GetTicket&identifier=i&secret=s&responsetype=json&accesskey=k%26y&ticketid=7&repliessort=ASC"
        )
    }

    @Test func credentialsNeverDescribeTheirSecrets() {
        #expect(!"\(HelpdeskCredentials.bearer(token: "tok-123"))".contains("tok-123"))
        #expect(!"\(HelpdeskCredentials.whmcs(identifier: "i", secret: "sss-999"))".contains("sss-999"))
        let withKey = HelpdeskCredentials.whmcs(identifier: "i", secret: "sss-999", accessKey: "key-777")
        #expect(!"\(withKey)".contains("key-777"))
        #expect(withKey.secretValues == ["sss-999", "key-777"])
    }
}
