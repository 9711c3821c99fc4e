import Foundation

/// Splits a command line into words the way a POSIX shell does for simple quoting, so
/// `mail.sendmail` can be written as one would type it, and is then run without a shell.
///
/// Words are separated by blanks; `'…'` keeps everything literally; `"…"` keeps everything but
/// `\"`, `\\`, `\$` and `` \` ``, which lose their backslash; a backslash outside quotes keeps the
/// next character. Variables, globs, pipes and redirections are not interpreted (their
/// characters are refused outside quotes so nobody expects them to work).
///
/// ```swift
/// try CommandWords.split(#"/usr/bin/msmtp -t -i --from='Support Team <s@x.com>'"#)
/// // ["/usr/bin/msmtp", "-t", "-i", "--from=Support Team <s@x.com>"]
/// ```
package enum CommandWords {
    package struct Invalid: Error, Sendable, Equatable {
        package var problem: String

        package init(problem: String) { self.problem = problem }
    }

    package static func split(_ text: String) throws(Invalid) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" {
                        closed = true
                        break
                    }
                    current.append(next)
                }
                guard closed else { throw Invalid(problem: "a ' quote is not closed") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { break }
                        if !"\"\\$`".contains(escaped) { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
                guard closed else { throw Invalid(problem: "a \" quote is not closed") }
            case "\\":
                guard let escaped = iterator.next() else { throw Invalid(problem: "ends with a lone \\") }
                inWord = true
                current.append(escaped)
            case "\n", "\r":
                throw Invalid(problem: "must be one line")
            case "|", "&", ";", "<", ">", "`", "$", "(", ")", "*", "?":
                throw Invalid(
                    problem:
                        "\(character) is not interpreted (the command runs without a shell; quote it if it belongs to an argument)"
                )
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw Invalid(problem: "names no program") }
        return words
    }

    /// The words joined back into text a shell would split the same way (for messages).
    package static func join(_ words: [String]) -> String {
        words.map { word in
            let plain =
                !word.isEmpty
                && word.unicodeScalars.allSatisfy { scalar in
                    scalar.properties.isAlphabetic || "0123456789-_./=:@+,%".unicodeScalars.contains(scalar)
                }
            return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }
}
