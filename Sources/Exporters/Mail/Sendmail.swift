import Config
import Foundation

/// Hands a message to the system's mail transfer agent through the sendmail interface, the
/// way cron mails: the program runs without a shell, the message on its standard input.
///
/// The message and the program's output go through private temporary files rather than
/// pipes: a program that exits without reading cannot raise SIGPIPE here, and one that leaves
/// a background delivery holding its stderr cannot keep us waiting.
///
/// ```swift
/// try Sendmail(command: ["/usr/sbin/sendmail", "-t", "-i"]).send(bytes, recipients: to)
/// ```
struct Sendmail {
    /// The program and its arguments; without `-t` the recipients are added as arguments.
    var command: [String]

    /// Why the message was not accepted, for a one-line error.
    enum Failure: Error, Equatable {
        /// The program does not exist, is not executable, or could not be started.
        case cannotStart(program: String, reason: String)
        /// It exited non-zero; the last line it printed (stderr, or stdout), possibly empty.
        case exited(status: Int32, lastLine: String)
        case killed(signal: Int32, lastLine: String)
    }

    func send(_ message: Data, recipients: [MailAddress]) throws(Failure) {
        guard let program = command.first, !program.isEmpty else {
            throw .cannotStart(program: "sendmail", reason: "mail.sendmail names no program")
        }
        guard let executable = Self.locate(program) else {
            throw .cannotStart(
                program: program, reason: "no such program (install a mail transfer agent or set mail.sendmail)")
        }
        var arguments = Array(command.dropFirst())
        if !arguments.contains(where: { ["-t", "-ti", "-it"].contains($0) }) {
            arguments += recipients.map(\.address)
        }

        let folder = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let input = folder.appendingPathComponent("ticketreport-mail-\(token).eml")
        let output = folder.appendingPathComponent("ticketreport-mail-\(token).out")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        let privateFile: [FileAttributeKey: Any] = [.posixPermissions: 0o600]
        guard FileManager.default.createFile(atPath: input.path, contents: message, attributes: privateFile),
            FileManager.default.createFile(atPath: output.path, contents: nil, attributes: privateFile),
            let inputHandle = try? FileHandle(forReadingFrom: input),
            let outputHandle = try? FileHandle(forWritingTo: output)
        else {
            throw .cannotStart(program: program, reason: "cannot create a temporary file in \(folder.path)")
        }
        defer {
            try? inputHandle.close()
            try? outputHandle.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = inputHandle
        process.standardOutput = outputHandle
        process.standardError = outputHandle
        do {
            try process.run()
        } catch {
            throw .cannotStart(program: program, reason: Self.reason(error))
        }
        process.waitUntilExit()
        let status = process.terminationStatus
        guard process.terminationReason != .exit || status != 0 else { return }
        let lastLine = Self.lastLine((try? Data(contentsOf: output)) ?? Data())
        if process.terminationReason == .uncaughtSignal { throw .killed(signal: status, lastLine: lastLine) }
        throw .exited(status: status, lastLine: lastLine)
    }

    /// A path as given (relative to the working directory), or the first match on PATH.
    static func locate(_ program: String) -> URL? {
        let manager = FileManager.default
        if program.contains("/") {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: program, isDirectory: &isDirectory), !isDirectory.boolValue,
                manager.isExecutableFile(atPath: program)
            else { return nil }
            return URL(fileURLWithPath: program)
        }
        // cron's PATH is short (/usr/bin:/bin); sendmail lives in /usr/sbin.
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/usr/lib"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if manager.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    /// The last non-empty line, cleaned for the terminal and cut at 300 characters.
    static func lastLine(_ output: Data) -> String {
        let text = String(decoding: output, as: UTF8.self)
        let line = MIMEEncoding.lines(of: text).last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        let cleaned = TextSanitizer.forTerminal(String(line)).trimmingCharacters(in: .whitespaces)
        return cleaned.count > 300 ? String(cleaned.prefix(300)) + "…" : cleaned
    }

    private static func reason(_ error: any Error) -> String {
        let cocoa = error as NSError
        if let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return cocoa.localizedDescription
    }
}
