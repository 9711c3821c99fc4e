import Foundation

/// Files holding secrets: the token, WHMCS credentials, the access key, the redaction key.
enum SecretFile {
    /// Reads one, warning when other users could read it too.
    static func read(_ path: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let data = FileManager.default.contents(atPath: path)
        else {
            throw CLIError.usage("cannot read \(path) (does it exist and is it readable?)")
        }
        if let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 != 0 {
            Terminal.warning("\(path) is readable by other users (chmod 600 \(path))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
