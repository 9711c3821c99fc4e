import Foundation
import Synchronization

/// The only place that writes to the terminal.
enum Terminal {
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1

    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ message: String) {
        clearProgress()
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        clearProgress()
        FileHandle.standardError.write(Data("Warning: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        clearProgress()
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Rewrites one status line on stderr, only when stderr is a terminal.
    static func progress(_ line: String) {
        guard stderrIsTTY else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
        progressShown.withLock { $0 = true }
    }

    static func clearProgress() {
        guard stderrIsTTY, progressShown.withLock({ $0 }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        progressShown.withLock { $0 = false }
    }

    private static let progressShown = LockedFlag()
}

/// A lock-protected Bool: the progress line is written from the ingest's event callbacks.
final class LockedFlag: Sendable {
    private let value = Mutex(false)
    func withLock<T>(_ body: (inout Bool) -> T) -> T {
        value.withLock { body(&$0) }
    }
}
