import Yams

/// A YAML document reduced to what metadata needs: scalars, lists and ordered maps, each
/// with the line it starts on in the file, so every error can point at a line.
///
/// Yams' `Node` is not `Sendable` and resolves `2026-12-25` to a timestamp; metadata wants
/// the text as written, so scalars keep their source text and callers read it their way.
package struct YAMLValue: Sendable {
    package indirect enum Content: Sendable {
        case scalar(String)
        case null
        case list([YAMLValue])
        case map([Entry])
    }

    package struct Entry: Sendable {
        package var key: String
        package var keyLine: Int
        package var value: YAMLValue
    }

    package var content: Content
    /// The 1-based line in the file (not in the YAML text).
    package var line: Int

    /// A readable name for the kind of value, for "expected a list, found a number".
    package var kindName: String {
        switch content {
        case .scalar: return "a value"
        case .null: return "nothing"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }
}

/// Where a YAML text sits, so errors carry the file and the file's line numbers; `Failure`
/// is the error its problems become (a configuration error, a report definition error).
package struct YAMLSource<Failure: Error>: Sendable {
    /// The file as shown to users.
    package var file: String
    /// The file's line number of the YAML text's first line.
    package var firstLine: Int
    /// The YAML text's number of lines, once `parse` has seen it.
    var textLines = Int.max
    /// Makes the error for a problem: the file (nil when unnamed), its line, and the message.
    let makeError: @Sendable (_ file: String?, _ line: Int?, _ message: String) -> Failure

    package init(
        file: String, firstLine: Int,
        makeError: @escaping @Sendable (_ file: String?, _ line: Int?, _ message: String) -> Failure
    ) {
        self.file = file
        self.firstLine = firstLine
        self.makeError = makeError
    }

    package func error(_ line: Int?, _ path: String, _ problem: String) -> Failure {
        makeError(file.isEmpty ? nil : file, line, path.isEmpty ? problem : "\(path): \(problem)")
    }

    /// Parses the text; nil for an empty document (only comments or whitespace).
    package func parse(_ text: String) throws(Failure) -> YAMLValue? {
        var source = self
        source.textLines = Self.lineCount(text)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw source.describe(error)
        } catch {
            throw self.error(firstLine, "", "invalid YAML: \(error)")
        }
        guard let root else { return nil }
        return try source.convert(root)
    }

    /// libyaml ends a text that lacks a final line break with one, so a mark at the end of
    /// the stream (`key: [` unclosed, `key:` with no value) can be one line past the text:
    /// point at the text's last line instead.
    private func fileLine(_ mark: Mark?) -> Int {
        firstLine + min(max((mark?.line ?? 1) - 1, 0), textLines - 1)
    }

    /// Lines as libyaml counts them: CR LF, CR, LF, NEL, LS and PS each end one.
    static func lineCount(_ text: String) -> Int {
        var lines = 1
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": if !afterCR { lines += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": lines += 1
            default: break
            }
            afterCR = scalar == "\r"
        }
        return lines
    }

    private func convert(_ node: Node) throws(Failure) -> YAMLValue {
        let line = fileLine(node.mark)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return YAMLValue(content: .null, line: line)
            }
            return YAMLValue(content: .scalar(scalar.string), line: line)
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            for item in sequence { items.append(try convert(item)) }
            return YAMLValue(content: .list(items), line: line)
        case .mapping(let mapping):
            var entries: [YAMLValue.Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw error(fileLine(key.mark), "", "a key must be a plain name, not \(key)")
                }
                entries.append(
                    YAMLValue.Entry(key: keyScalar.string, keyLine: fileLine(key.mark), value: try convert(value)))
            }
            return YAMLValue(content: .map(entries), line: line)
        case .alias:
            throw error(line, "", "YAML aliases (*name) are not supported here; write the value out")
        }
    }

    private func describe(_ error: YamlError) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return self.error(fileLine(mark), "", "invalid YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().joined(separator: ", ")
            return self.error(fileLine(context.mark), "", "duplicate key \(keys) (each key may appear once)")
        case .reader(let problem, _, _, _):
            return self.error(firstLine, "", "unreadable YAML: \(problem)")
        default:
            return self.error(firstLine, "", "invalid YAML: \(error)")
        }
    }
}

// MARK: - Typed access with key paths in errors

extension YAMLValue {
    package func entries<F>(_ path: String, in source: YAMLSource<F>) throws(F) -> [YAMLValue.Entry] {
        switch content {
        case .map(let entries): return entries
        case .null: return []
        default: throw source.error(line, path, "expected a mapping (key: value lines), found \(kindName)")
        }
    }

    package func text<F>(_ path: String, in source: YAMLSource<F>) throws(F) -> String {
        guard case .scalar(let value) = content else {
            throw source.error(line, path, "expected a single value, found \(kindName)")
        }
        return value
    }

    /// A single value or a list of values.
    package func textList<F>(_ path: String, in source: YAMLSource<F>) throws(F) -> [String] {
        switch content {
        case .scalar(let value): return [value]
        case .null: return []
        case .list(let items):
            var values: [String] = []
            for (index, item) in items.enumerated() { values.append(try item.text("\(path)[\(index)]", in: source)) }
            return values
        case .map: throw source.error(line, path, "expected a list of values, found a mapping")
        }
    }

    package func bool<F>(_ path: String, in source: YAMLSource<F>) throws(F) -> Bool {
        switch try text(path, in: source).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw source.error(line, path, "expected true or false")
        }
    }

    package var isNull: Bool {
        if case .null = content { return true }
        return false
    }
}

extension Array where Element == YAMLValue.Entry {
    /// Refuses keys outside `allowed`, suggesting the closest allowed key.
    package func checkKeys<F>(_ allowed: [String], path: String, in source: YAMLSource<F>) throws(F) {
        var seen: Set<String> = []
        for entry in self {
            let keyPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            guard allowed.contains(entry.key) else {
                let hint =
                    Suggestion.closest(to: entry.key, in: allowed).map { " (did you mean \($0)?)" }
                    ?? " (allowed: \(allowed.joined(separator: ", ")))"
                throw source.error(entry.keyLine, keyPath, "unknown key\(hint)")
            }
            guard seen.insert(entry.key).inserted else {
                throw source.error(entry.keyLine, keyPath, "duplicate key (each key may appear once)")
            }
        }
    }

    package subscript(key: String) -> YAMLValue? { first { $0.key == key }?.value }
}

/// "Did you mean …?" for misspelt names: the closest candidate within a small edit distance.
package enum Suggestion {
    package static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, word.count / 3)
        return best.1 <= limit ? best.0 : nil
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
