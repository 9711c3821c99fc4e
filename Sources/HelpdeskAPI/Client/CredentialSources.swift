/// Where a run's credentials come from: environment variables, or files the user names.
///
/// Never argv: there is no flag that takes a secret. For example:
///
///     let sources = CredentialSources(environment: ProcessInfo.processInfo.environment, tokenFile: nil)
///     let credentials = try sources.load("bearer", read: { try String(contentsOfFile: $0) })
///     sources.hint("bearer")   // "TICKETREPORT_TOKEN": what to check when the helpdesk refuses them
package struct CredentialSources: Sendable {
    /// Why no credentials could be assembled, in one line that says where to put them.
    package struct Missing: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    package var environment: [String: String]
    /// A file holding the bearer token (`--token-file`).
    package var tokenFile: String?
    /// A file of `identifier=…` and `secret=…` lines (`--credentials-file`).
    package var credentialsFile: String?
    /// A file holding classic WHMCS's API access key (the configuration's `access_key_file`).
    package var accessKeyFile: String?

    package init(
        environment: [String: String], tokenFile: String? = nil, credentialsFile: String? = nil,
        accessKeyFile: String? = nil
    ) {
        self.environment = environment
        self.tokenFile = tokenFile
        self.credentialsFile = credentialsFile
        self.accessKeyFile = accessKeyFile
    }

    /// The credentials of `style` (`bearer` or `whmcs`): `TICKETREPORT_TOKEN` or the token
    /// file; `TICKETREPORT_IDENTIFIER` and `TICKETREPORT_SECRET` or the credentials file, plus
    /// `TICKETREPORT_ACCESS_KEY` or the access key file when there is one. `read` reads a file.
    package func load(_ style: String, read: (String) throws -> String) throws -> HelpdeskCredentials {
        func secret(_ file: String, _ what: String) throws -> String {
            let text = String(try read(file).trimmingSpaces())
            guard !text.isEmpty else { throw Missing(description: "the \(what) file \(file) is empty") }
            return text
        }
        if style == "bearer" {
            if let tokenFile { return .bearer(token: try secret(tokenFile, "token")) }
            guard let token = environment["TICKETREPORT_TOKEN"], !token.isEmpty else {
                throw Missing(
                    description: "no API token: set TICKETREPORT_TOKEN or pass --token-file FILE (bearer auth)")
            }
            return .bearer(token: token)
        }
        var identifier = environment["TICKETREPORT_IDENTIFIER"]
        var secretValue = environment["TICKETREPORT_SECRET"]
        if let credentialsFile {
            for line in try read(credentialsFile).split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1).map { String(String($0).trimmingSpaces()) }
                guard parts.count == 2 else { continue }
                if parts[0] == "identifier" { identifier = parts[1] }
                if parts[0] == "secret" { secretValue = parts[1] }
            }
        }
        guard let identifier, !identifier.isEmpty, let secretValue, !secretValue.isEmpty else {
            throw Missing(
                description:
                    "no WHMCS credentials: set TICKETREPORT_IDENTIFIER and TICKETREPORT_SECRET, or pass --credentials-file FILE"
            )
        }
        var accessKey = environment["TICKETREPORT_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if accessKey == nil, let accessKeyFile { accessKey = try secret(accessKeyFile, "access key") }
        return .whmcs(identifier: identifier, secret: secretValue, accessKey: accessKey)
    }

    /// Which variable or file to check when the helpdesk refuses the credentials of `style`.
    package func hint(_ style: String) -> String {
        if style == "bearer" { return tokenFile.map { "the token in \($0)" } ?? "TICKETREPORT_TOKEN" }
        return credentialsFile.map { "the credentials in \($0)" } ?? "TICKETREPORT_IDENTIFIER and TICKETREPORT_SECRET"
    }
}
