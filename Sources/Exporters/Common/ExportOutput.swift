import Foundation

/// Where a streaming writer's bytes go: a file written atomically, an open handle, or memory.
///
/// Writes are buffered (64 KiB) so a writer can append one small field at a time.
/// For example, to stream CSV to standard output:
///
/// ```swift
/// let writer = CSVWriter(output: .standardOutput())
/// try writer.begin(columns: columns)
/// for row in cursor { try writer.append(row) }
/// try writer.finish()
/// ```
package final class ExportOutput {
    private enum Destination {
        case file(AtomicFile)
        case handle(FileHandle)
        case memory
    }

    private let destination: Destination
    private var buffer: [UInt8] = []
    private var memory: [UInt8] = []
    private var finished = false
    private static let flushThreshold = 1 << 16

    private init(_ destination: Destination) {
        self.destination = destination
        buffer.reserveCapacity(Self.flushThreshold + 1024)
    }

    /// Writes to `url` through a temporary file in the same folder, renamed onto `url` by `finish()`.
    ///
    /// Throws when the folder does not exist or is not writable, before any row is produced.
    package static func file(_ url: URL) throws -> ExportOutput {
        ExportOutput(.file(try AtomicFile(target: url)))
    }

    /// Writes to an open handle (standard output, a pipe); `finish()` flushes but does not close it.
    package static func handle(_ handle: FileHandle) -> ExportOutput {
        ExportOutput(.handle(handle))
    }

    /// Writes to standard output.
    package static func standardOutput() -> ExportOutput {
        ExportOutput(.handle(FileHandle.standardOutput))
    }

    /// Collects the bytes in memory; read them with `data` or `string` after `finish()`.
    package static func memory() -> ExportOutput {
        ExportOutput(.memory)
    }

    /// The bytes written so far to a memory output (empty for other outputs).
    package var data: Data { Data(memory + (isMemory ? buffer : [])) }

    /// The memory output's bytes as UTF-8 text.
    package var string: String { String(decoding: memory + (isMemory ? buffer : []), as: UTF8.self) }

    private var isMemory: Bool {
        if case .memory = destination { return true }
        return false
    }

    /// The file being written, for messages; nil for handles and memory.
    var fileURL: URL? {
        if case .file(let file) = destination { return file.target }
        return nil
    }

    func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func write(byte: UInt8) throws {
        buffer.append(byte)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func write(buffer bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func write(bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            switch destination {
            case .file(let file): try file.fileHandle().write(contentsOf: buffer)
            case .handle(let handle): try handle.write(contentsOf: buffer)
            case .memory: memory.append(contentsOf: buffer)
            }
        } catch {
            discard()
            if let url = fileURL {
                throw ExportError.file(
                    url, "write failed (\(error.localizedDescription))", fix: "check free disk space")
            }
            throw ExportError(.file, "cannot write the output: \(error.localizedDescription) (check the pipe or disk)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and for a file output renames the finished file onto its target.
    func finish() throws {
        guard !finished else { return }
        try flush()
        finished = true
        if case .file(let file) = destination { try file.commit() }
    }

    /// Drops a half-written file output; the target is left as it was.
    func discard() {
        finished = true
        buffer.removeAll()
        if case .file(let file) = destination { file.discard() }
    }
}
