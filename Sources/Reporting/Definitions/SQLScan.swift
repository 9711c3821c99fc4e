/// What the loader and the runner need to know about SQL text before SQLite sees it: the
/// named parameters it uses (with their lines), its first keyword, and whether a second
/// statement follows the first.
///
/// A small lexer, not a parser: it skips string literals, quoted identifiers and comments
/// exactly as SQLite's tokenizer does, so `':x'` or `-- :x` is not a parameter.
struct SQLScan: Sendable {
    struct Parameter: Sendable, Equatable {
        var name: String
        var line: Int
    }

    /// `:name` parameters in order of appearance (repeats included).
    var parameters: [Parameter] = []
    /// The first `?`, `?NNN`, `@name` or `$name` parameter, which reports do not support.
    var unsupportedParameter: (token: String, line: Int)?
    /// The first word of the statement, upper-cased (`SELECT`, `WITH`, `DROP` …).
    var firstKeyword: String?
    var firstKeywordLine: Int?
    /// The line where a second statement starts, when the text holds more than one.
    var secondStatementLine: Int?

    /// The distinct parameter names, in order of first use.
    var parameterNames: [String] {
        var seen: Set<String> = []
        return parameters.map(\.name).filter { seen.insert($0).inserted }
    }

    /// Scans `sql`, numbering lines from `firstLine`.
    init(_ sql: String, firstLine: Int = 1) {
        let bytes = Array(sql.utf8)
        var index = 0
        var line = firstLine
        var statementEnded = false

        func isIdentifierStart(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
        }
        func isIdentifierPart(_ byte: UInt8) -> Bool {
            isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x24
        }
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        /// Skips to just past `terminator`, counting newlines; a doubled terminator is an escape.
        func skipQuoted(_ terminator: UInt8, doubling: Bool) {
            index += 1
            while index < bytes.count {
                if bytes[index] == 0x0A { line += 1 }
                if bytes[index] == terminator {
                    if doubling, at(1) == terminator {
                        index += 2
                        continue
                    }
                    index += 1
                    return
                }
                index += 1
            }
        }
        func identifier(from start: Int) -> String {
            var end = start
            while end < bytes.count, isIdentifierPart(bytes[end]) { end += 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        /// Records the start of a token that is neither whitespace nor comment.
        func sawToken() {
            if statementEnded, secondStatementLine == nil { secondStatementLine = line }
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                index += 1
            case 0x20, 0x09, 0x0D, 0x0C:
                index += 1
            case 0x2D where at(1) == 0x2D:  // -- comment
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case 0x2F where at(1) == 0x2A:  // /* comment */
                index += 2
                while index < bytes.count, !(bytes[index] == 0x2A && at(1) == 0x2F) {
                    if bytes[index] == 0x0A { line += 1 }
                    index += 1
                }
                index += 2
            case 0x27:  // 'string'
                sawToken()
                skipQuoted(0x27, doubling: true)
            case 0x22:  // "identifier"
                sawToken()
                skipQuoted(0x22, doubling: true)
            case 0x60:  // `identifier`
                sawToken()
                skipQuoted(0x60, doubling: true)
            case 0x5B:  // [identifier]
                sawToken()
                skipQuoted(0x5D, doubling: false)
            case 0x3B:  // ;
                statementEnded = true
                index += 1
            case 0x3A where at(1).map(isIdentifierStart) == true:  // :name
                sawToken()
                let name = identifier(from: index + 1)
                parameters.append(Parameter(name: name, line: line))
                index += 1 + name.utf8.count
            case 0x3F, 0x40, 0x24:  // ?NNN, @name, $name
                sawToken()
                var end = index + 1
                while end < bytes.count, isIdentifierPart(bytes[end]) { end += 1 }
                if unsupportedParameter == nil {
                    unsupportedParameter = (String(decoding: bytes[index..<end], as: UTF8.self), line)
                }
                index = end
            default:
                sawToken()
                if isIdentifierStart(byte) {
                    let word = identifier(from: index)
                    if firstKeyword == nil {
                        firstKeyword = word.uppercased()
                        firstKeywordLine = line
                    }
                    index += word.utf8.count
                } else {
                    index += 1
                }
            }
        }
    }
}
