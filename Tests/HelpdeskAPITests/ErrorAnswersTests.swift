import Foundation
import HelpdeskAPI
import TestSupport
import Testing

/// The error answers of the conformance corpus (`Tests/Fixtures/whmcs/errors/answers.json`):
/// what real WHMCS installs send for a missing ticket, a refused caller and a wrong URL, and
/// what each must come to. Only "Ticket ID Not Found" is a missing ticket.
@Suite("WHMCS error answers")
struct ErrorAnswersTests {
    @Test func theManifestListsEveryFile() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CorpusErrorAnswer.folder.path).filter {
            $0 != "answers.json"
        }
        #expect(!CorpusErrorAnswer.all.isEmpty)
        #expect(Set(files) == Set(CorpusErrorAnswer.all.map(\.file)))
    }

    @Test(arguments: CorpusErrorAnswer.all)
    func eachAnswerIsClassifiedAsExpected(_ answer: CorpusErrorAnswer) throws {
        let body = try answer.body()
        let outcome: String
        var message = ""
        do {
            switch try GetTicketResponse.classify(
                status: answer.status, contentType: answer.contentType, retryAfter: nil, body: body)
            {
            case .notFound: outcome = "not_found"
            case .ticket: outcome = "ticket"
            }
        } catch {
            message = error.message
            switch error.kind {
            case .authenticationFailed(let refusal): outcome = "refused:\(refusal.rawValue)"
            case .notAnEndpoint: outcome = "not_an_endpoint"
            case .permanent: outcome = "error"
            default: outcome = "\(error.kind)"
            }
        }
        #expect(outcome == answer.expect, "\(answer.file) (\(answer.what)): \(message)")
        #expect(!message.contains("KPqH7yG3"), "the access key of a listed ticket never reaches a message")
        #expect(!message.contains("\n") && !message.contains("\r"), "one line")
        if outcome == "not_an_endpoint" {
            // Says what came back: the status, the content type, the start of the body.
            #expect(message.hasPrefix("the URL is not a Get Ticket endpoint: it answered HTTP \(answer.status)"))
            let type = answer.contentType.split(separator: ";")[0]
            #expect(message.contains(", \(type): \""), "\(message)")
        }
        if outcome.hasPrefix("refused:") {
            #expect(message.hasPrefix("the helpdesk refused the request: \""), "\(message)")
        }
    }

    @Test func anExcerptIsShortPrintableAndKeepsNoAccessKey() throws {
        let xml = Array(
            "<?xml version=\"1.0\"?><whmcsapi><c>SECRETKY</c><result>success</result>\u{1B}[2J\n\n\t</whmcsapi>".utf8)
        do {
            _ = try GetTicketResponse.classify(
                status: 200, contentType: "application/xml", retryAfter: nil, body: xml)
            Issue.record("XML was taken for a ticket")
        } catch {
            #expect(error.kind == .notAnEndpoint)
            #expect(!error.message.contains("SECRETKY"), "\(error.message)")
            #expect(!error.message.contains("\u{1B}"), "no control characters reach the terminal")
        }
        let long = Array(("<html>" + String(repeating: "x", count: 500) + "</html>").utf8)
        do {
            _ = try GetTicketResponse.classify(status: 200, contentType: "text/html", retryAfter: nil, body: long)
        } catch {
            #expect(
                error.message == "the URL is not a Get Ticket endpoint: it answered HTTP 200, text/html: \"<html>"
                    + String(repeating: "x", count: 74) + "…\"")
        }
    }
}
