import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written under a temporary name beside its target and renamed onto it only when complete.
///
/// The temporary file lives in the target's folder so the final `rename(2)` stays on one file
/// system and is atomic: readers see the old file or the whole new one, never a partial one.
/// Until `commit()` succeeds the target is untouched; `discard()` (or deinit) removes the
/// temporary file.
final class AtomicFile {
    let target: URL
    let temporary: URL
    private var descriptor: Int32
    private var finished = false

    /// Creates the temporary file, which also proves the folder exists and is writable.
    init(target: URL) throws {
        let target = target.standardizedFileURL
        let folder = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ExportError.file(
                target, "folder \"\(folder.path)\" does not exist", fix: "create it or choose another output path")
        }
        let name = target.lastPathComponent
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let candidate = folder.appendingPathComponent(".\(name).tmp-\(suffix)")
            // 0o666 so the umask decides, as for any file the user creates; mkstemp would force 0600.
            let fd = open(candidate.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
            if fd >= 0 {
                self.target = target
                self.temporary = candidate
                self.descriptor = fd
                return
            }
            let code = errno
            if code == EEXIST { continue }
            throw ExportError.file(
                target, "cannot create a file in \"\(folder.path)\": \(Self.systemMessage(code))",
                fix: "check the folder's permissions or choose another output path")
        }
        throw ExportError.file(
            target, "cannot pick a free temporary name in \"\(folder.path)\"", fix: "remove stale .tmp- files there")
    }

    deinit {
        if !finished { discard() }
    }

    /// A handle on the temporary file for streamed writes; the AtomicFile keeps ownership.
    func fileHandle() -> FileHandle {
        FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    }

    /// Closes our descriptor, for writers (libxlsxwriter) that reopen the path themselves.
    func closeDescriptor() {
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
    }

    /// Moves the finished temporary file onto the target.
    func commit() throws {
        guard !finished else { throw ExportError.misuse("\"\(target.path)\" was already committed or discarded") }
        closeDescriptor()
        if rename(temporary.path, target.path) != 0 {
            let code = errno
            discard()
            throw ExportError.file(
                target, "cannot replace it: \(Self.systemMessage(code))",
                fix: "check that it is not a folder and that the folder is writable")
        }
        finished = true
    }

    /// Removes the temporary file; the target is left as it was.
    func discard() {
        closeDescriptor()
        if !finished {
            _ = unlink(temporary.path)
            finished = true
        }
    }

    static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
