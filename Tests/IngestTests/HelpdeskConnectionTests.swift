import Config
import Foundation
import Ingest
import Testing

/// What `ingest` and `sync` are asked: the connection (flags over `source:`), rates and
/// durations as people write them, and which ids.
@Suite("Connections and selections")
struct HelpdeskConnectionTests {
    @Test func flagsOverrideTheConfigurationsSource() throws {
        var config = TicketReportConfig.default
        config.source = .init(url: "https://help.example.com/includes/api.php", auth: .whmcs, name: "main")
        let fromConfig = try HelpdeskConnection(config: config)
        #expect(fromConfig.url.absoluteString == "https://help.example.com/includes/api.php")
        #expect(fromConfig.auth == .whmcs)
        #expect(fromConfig.source == "main")

        let fromFlags = try HelpdeskConnection(
            url: "http://127.0.0.1:8080/api/getticket", auth: .bearer, source: "test", config: config)
        #expect(fromFlags.url.absoluteString == "http://127.0.0.1:8080/api/getticket")
        #expect(fromFlags.auth == .bearer)
        #expect(fromFlags.source == "test")
    }

    @Test func aMissingOrUnsafeURLIsRefused() {
        #expect {
            try HelpdeskConnection(config: .default)
        } throws: { error in
            (error as? IngestError)?.message
                == "missing --url (the helpdesk's Get Ticket endpoint, or source.url in ticketreport.yaml)"
        }
        #expect {
            try HelpdeskConnection(url: "http://help.example.com/api/getticket")
        } throws: { error in
            (error as? IngestError)?.kind == .invalidRequest
                && (error as? IngestError)?.message.contains("--allow-http") == true
        }
        #expect(throws: Never.self) {
            try HelpdeskConnection(url: "http://help.example.com/api/getticket", allowHTTP: true)
        }
    }

    @Test func ratesAndDurationsAsPeopleWriteThem() {
        #expect(HelpdeskConnection.rate(parsing: "10") == 10)
        #expect(HelpdeskConnection.rate(parsing: "10/s") == 10)
        #expect(HelpdeskConnection.rate(parsing: "300/m") == 5)
        #expect(HelpdeskConnection.rate(parsing: "3600/hour") == 1)
        for bad in ["", "0", "-1", "ten", "10/d", "inf"] {
            #expect(HelpdeskConnection.rate(parsing: bad) == nil, "\(bad)")
        }

        #expect(HelpdeskConnection.duration(parsing: "30") == .seconds(30))
        #expect(HelpdeskConnection.duration(parsing: "30s") == .seconds(30))
        #expect(HelpdeskConnection.duration(parsing: "500ms") == .milliseconds(500))
        #expect(HelpdeskConnection.duration(parsing: "2m") == .seconds(120))
        #expect(HelpdeskConnection.duration(parsing: "1.5h") == .seconds(5_400))
        for bad in ["", "0s", "-3s", "soon", "5d"] {
            #expect(HelpdeskConnection.duration(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func exactlyOneSelectionIsAccepted() throws {
        #expect(try IngestRequest.Selection(from: 5, to: 9, idsFile: nil, retryFailed: false) == .range(from: 5, to: 9))
        #expect(
            try IngestRequest.Selection(from: 5, to: nil, idsFile: nil, retryFailed: false) == .range(from: 5, to: nil))
        #expect(try IngestRequest.Selection(from: nil, to: nil, idsFile: nil, retryFailed: true) == .failedOnly)
        let refusals: [(Int?, Int?, String?, Bool, String)] = [
            (nil, nil, nil, false, "say which tickets: --from N [--to M], --ids FILE or --retry-failed"),
            (1, nil, "ids.txt", false, "use only one of --from/--to, --ids and --retry-failed"),
            (nil, 9, nil, true, "--to needs --from"),
            (nil, 9, "ids.txt", false, "--to needs --from"),
            (0, nil, nil, false, "--from must be a ticket id of 1 or more"),
            (9, 5, nil, false, "--to 5 is before --from 9 (the range runs upwards)"),
        ]
        for (from, to, ids, failed, message) in refusals {
            #expect {
                try IngestRequest.Selection.check(from: from, to: to, idsFile: ids, retryFailed: failed)
            } throws: { error in
                (error as? IngestError)?.message == message
            }
        }
    }
}
