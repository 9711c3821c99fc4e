import Foundation
import TestSupport

/// A real SMTP server on 127.0.0.1 for the mail tests: Python's `aiosmtpd` (from PyPI, installed
/// by `make setup`) in a child process, saving each message it accepts as `NNN.eml` with its
/// envelope beside it as `NNN.json`. It stops when `stop()` is called or the test process goes
/// away (it exits when its standard input closes).
final class SMTPSink {
    let port: Int
    let folder: URL
    private let process: Process
    private let input: Pipe

    struct Envelope: Decodable, Equatable {
        let mailFrom: String
        let rcptTos: [String]
    }

    /// The server's messages, in the order received.
    var messages: [(message: URL, envelope: Envelope)] {
        get throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
            return try names.sorted().map { name in
                let message = folder.appendingPathComponent(name)
                let envelope = try JSONDecoder().decode(
                    Envelope.self,
                    from: Data(contentsOf: message.deletingPathExtension().appendingPathExtension("json")))
                return (message, envelope)
            }
        }
    }

    /// Starts the server and waits until it accepts connections.
    init() throws {
        folder = try TestPaths.scratchDirectory("smtp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, folder.path]
        let input = Pipe()
        let output = Pipe()
        let errors = folder.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        // The server prints its port once it listens; nothing (EOF) when it could not start.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.waitUntilExit()
            let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            if log.contains("No module named 'aiosmtpd'") {
                throw TestFailure(
                    "aiosmtpd is missing: run `make setup` (pip install aiosmtpd); the mail delivery was NOT tested")
            }
            throw TestFailure("the SMTP test server did not start: \(log)")
        }
        self.port = port
        self.process = process
        self.input = input
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// aiosmtpd's Controller on a free port; the envelope is written before the message, and
    /// the message under a temporary name renamed when complete, so a listed message is whole.
    static let script = #"""
        import json, os, socket, sys
        from aiosmtpd.controller import Controller

        folder = sys.argv[1]

        class Save:
            count = 0
            async def handle_DATA(self, server, session, envelope):
                Save.count += 1
                stem = os.path.join(folder, "%03d" % Save.count)
                with open(stem + ".json", "w") as f:
                    json.dump({"mailFrom": envelope.mail_from, "rcptTos": list(envelope.rcpt_tos)}, f)
                with open(stem + ".part", "wb") as f:
                    f.write(envelope.original_content)
                os.rename(stem + ".part", stem + ".eml")
                return "250 Message accepted for delivery"

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Save(), hostname="127.0.0.1", port=port)
        controller.start()
        print(port, flush=True)
        sys.stdin.read()
        controller.stop()
        """#
}
