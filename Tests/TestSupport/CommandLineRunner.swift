import Foundation

/// Runs a built executable of this package and captures what a user would see.
package struct CommandResult: Sendable, CustomStringConvertible {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    package var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

package enum CommandLineRunner {
    /// The folder holding the built products (`swift build --build-tests` builds the executables too).
    package static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["TICKETREPORT_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug")
    }

    /// Runs `executable` with `arguments`; the environment is the test's own minus any
    /// TICKETREPORT_* variable, plus `environment`.
    package static func run(
        _ arguments: [String], executable: String = "ticketreport", environment: [String: String] = [:],
        directory: URL? = nil, timeout: TimeInterval = 120
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TICKETREPORT_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes concurrently so a chatty process cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            group.wait()
        }
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension CommandLineRunner {
    /// The same, without blocking a cooperative thread: tests that serve the simulator
    /// in-process must use this, or the waiting test starves the server it waits on.
    package static func runAsync(
        _ arguments: [String], executable: String = "ticketreport", environment: [String: String] = [:],
        directory: URL? = nil, timeout: TimeInterval = 120
    ) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try run(
                            arguments, executable: executable, environment: environment, directory: directory,
                            timeout: timeout)
                    })
            }
        }
    }
}
