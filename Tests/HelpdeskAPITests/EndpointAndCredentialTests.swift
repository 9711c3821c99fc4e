import Foundation
import HelpdeskAPI
import Testing

@Suite("Endpoint and credential sources")
struct EndpointAndCredentialTests {
    @Test func endpointsAreVetted() throws {
        #expect(
            try HelpdeskEndpoint.vetted("https://help.example.com/api/getticket", allowHTTP: false).host
                == "help.example.com")
        #expect(try HelpdeskEndpoint.vetted("http://127.0.0.1:8080/x", allowHTTP: false).port == 8080)
        #expect(try HelpdeskEndpoint.vetted("http://[::1]/x", allowHTTP: false).path == "/x")
        #expect(try HelpdeskEndpoint.vetted("http://help.example.com/x", allowHTTP: true).scheme == "http")
        #expect(throws: HelpdeskEndpoint.Refused.self) { try HelpdeskEndpoint.vetted("ftp://x/y", allowHTTP: false) }
        #expect(throws: HelpdeskEndpoint.Refused.self) { try HelpdeskEndpoint.vetted("not a url", allowHTTP: false) }
        do {
            _ = try HelpdeskEndpoint.vetted("http://help.example.com/x", allowHTTP: false)
            Issue.record("plain http to another host was accepted")
        } catch {
            #expect(
                error.description
                    == "--url uses plain http:// to help.example.com: the token would travel unencrypted (use https://, or --allow-http)"
            )
        }
        // A name that only starts like a loopback address is somebody else's host.
        #expect(!HelpdeskEndpoint.isLoopback("127.0.0.1.example.com"))
        #expect(HelpdeskEndpoint.isLoopback("127.3.2.1") && HelpdeskEndpoint.isLoopback("LOCALHOST"))
        #expect(
            HelpdeskEndpoint.redacted("https://user:pw@help.example.com/api?key=secret#x")
                == "https://help.example.com/api")
    }

    @Test func credentialsComeFromTheEnvironmentOrFiles() throws {
        let files = [
            "/t": " tok-file \n", "/c": "identifier = id-1\nsecret=s-1\nnoise\n", "/k": "key-1\n", "/e": "  \n",
        ]
        let read: (String) throws -> String = { path in files[path] ?? "" }

        #expect(
            try CredentialSources(environment: ["TICKETREPORT_TOKEN": "tok"]).load("bearer", read: read).secretValues
                == ["tok"])
        #expect(
            try CredentialSources(environment: [:], tokenFile: "/t").load("bearer", read: read).secretValues == [
                "tok-file"
            ])
        #expect(throws: CredentialSources.Missing.self) {
            try CredentialSources(environment: [:]).load("bearer", read: read)
        }
        #expect(throws: CredentialSources.Missing.self) {
            try CredentialSources(environment: [:], tokenFile: "/e").load("bearer", read: read)
        }

        let whmcs = try CredentialSources(environment: [:], credentialsFile: "/c", accessKeyFile: "/k")
            .load("whmcs", read: read)
        #expect(whmcs.secretValues == ["s-1", "key-1"])
        let fromEnvironment = try CredentialSources(
            environment: [
                "TICKETREPORT_IDENTIFIER": "i", "TICKETREPORT_SECRET": "s", "TICKETREPORT_ACCESS_KEY": "k-env",
            ], accessKeyFile: "/k"
        ).load("whmcs", read: read)
        #expect(fromEnvironment.secretValues == ["s", "k-env"])  // the environment wins over the file
        #expect(throws: CredentialSources.Missing.self) {
            try CredentialSources(environment: ["TICKETREPORT_IDENTIFIER": "i"]).load("whmcs", read: read)
        }

        #expect(CredentialSources(environment: [:]).hint("bearer") == "TICKETREPORT_TOKEN")
        #expect(CredentialSources(environment: [:], tokenFile: "/t").hint("bearer") == "the token in /t")
        #expect(CredentialSources(environment: [:], credentialsFile: "/c").hint("whmcs") == "the credentials in /c")
    }
}
