import Foundation

/// An e-mail as Python's `email` package reads it (`policy.default`): an independent reader of
/// what `ticketreport` mails, for the exporter's unit tests and the end-to-end tests alike.
package struct ParsedMail: Decodable, Sendable {
    package struct Address: Decodable, Sendable, Equatable {
        package let name: String
        package let address: String

        package init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    package struct Attachment: Decodable, Sendable {
        package let filename: String
        package let contentType: String
        package let transferEncoding: String
        package let base64: String
        package var data: Data { Data(base64Encoded: base64) ?? Data() }
    }

    package let from: [Address]
    package let to: [Address]
    package let subject: String
    package let date: String?
    package let messageID: String?
    package let mimeVersion: String?
    package let autoSubmitted: String?
    /// Every part's content type, depth-first, e.g. `["multipart/mixed", "multipart/alternative", "text/plain", …]`.
    package let structure: [String]
    /// Each part's problems as the parser saw them (RFC violations); empty for a sound message.
    package let defects: [String]
    package let plain: String
    package let plainEncoding: String
    package let html: String
    package let htmlEncoding: String
    package let attachments: [Attachment]

    package struct Unreadable: Error, CustomStringConvertible {
        package let description: String
    }

    /// Parses RFC 5322 bytes with `python3`; throws with python's error when it cannot.
    package static func parse(_ bytes: Data) throws -> ParsedMail {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString).eml")
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try parse(file: file)
    }

    package static func parse(file: URL) throws -> ParsedMail {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unreadable(
                description:
                    "python3's email package could not read \(file.path): \(String(decoding: problem, as: UTF8.self))")
        }
        return try JSONDecoder().decode(ParsedMail.self, from: data)
    }

    static let script = #"""
        import base64, email, json, sys
        from email import policy
        raw = open(sys.argv[1], "rb").read()
        msg = email.message_from_bytes(raw, policy=policy.default)
        def addresses(name):
            header = msg[name]
            if header is None:
                return []
            return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]
        defects, structure = [], []
        for part in msg.walk():
            structure.append(part.get_content_type())
            defects += [type(d).__name__ for d in part.defects]
        body = {}
        for kind in ("plain", "html"):
            part = msg.get_body(preferencelist=(kind,))
            body[kind] = "" if part is None else part.get_content()
            body[kind + "Encoding"] = "" if part is None else str(part.get("Content-Transfer-Encoding", ""))
        attachments = []
        for part in msg.iter_attachments():
            attachments.append({
                "filename": part.get_filename() or "",
                "contentType": part.get_content_type(),
                "transferEncoding": str(part.get("Content-Transfer-Encoding", "")),
                "base64": base64.b64encode(part.get_payload(decode=True) or b"").decode(),
            })
        print(json.dumps({
            "from": addresses("From"), "to": addresses("To"), "subject": str(msg["Subject"] or ""),
            "date": str(msg["Date"]) if msg["Date"] else None,
            "messageID": str(msg["Message-ID"]) if msg["Message-ID"] else None,
            "mimeVersion": str(msg["MIME-Version"]) if msg["MIME-Version"] else None,
            "autoSubmitted": str(msg["Auto-Submitted"]) if msg["Auto-Submitted"] else None,
            "structure": structure, "defects": defects, "attachments": attachments, **body,
        }))
        """#
}
