import Foundation

/// The encodings a MIME message is made of (RFC 2045, 2047, 2231, 5322): quoted-printable
/// bodies, base64 attachments, encoded words for non-ASCII header text, folded header lines,
/// the Date format. Every line they produce ends in CRLF and stays within 78 characters
/// where the standard allows folding, and within 998 always.
enum MIMEEncoding {
    static let crlf = "\r\n"

    // MARK: - Bodies

    /// Text as quoted-printable UTF-8 with CRLF line ends and lines of at most 76 characters.
    ///
    /// Besides what RFC 2045 requires, a leading `.` and a leading `From ` are encoded, so no
    /// mail system's dot handling or mbox "From " quoting can change a line.
    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for line in lines(of: text) {
            var encodedLine = ""
            var length = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let piece: String
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "F"):
                    piece = index == 0 ? hex(byte) : String(UnicodeScalar(byte))
                case 0x20, 0x09:
                    piece = isLast ? hex(byte) : String(UnicodeScalar(byte))
                case 33...60, 62...126:
                    piece = String(UnicodeScalar(byte))
                default:
                    piece = hex(byte)
                }
                // A soft break ("=" at the end) keeps each physical line within 76 characters.
                if length + piece.count > (isLast ? 76 : 75) {
                    encodedLine += "=" + crlf
                    length = 0
                }
                encodedLine += piece
                length += piece.count
            }
            output += encodedLine + crlf
        }
        return output
    }

    /// Bytes as base64 in lines of 76 characters, each ending in CRLF.
    static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var output = ""
        output.reserveCapacity(encoded.utf8.count + encoded.utf8.count / 38 + 2)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            output += encoded[index..<end] + crlf
            index = end
        }
        return output
    }

    /// The text's lines, whatever ended them (CRLF, LF or CR), without the line ends.
    static func lines(of text: String) -> [Substring] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    // MARK: - Headers

    /// Text as header words: printable ASCII words as they are, anything else as RFC 2047
    /// encoded words (`=?UTF-8?B?…?=`) of at most 75 characters, split between characters.
    static func headerWords(_ text: String) -> [String] {
        let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !text.contains("=?")
        if plain { return text.split(separator: " ").map(String.init) }
        var words: [String] = []
        var chunk = ""
        // 42 bytes make 56 base64 characters: with "=?UTF-8?B?" and "?=", 68 per word, so
        // "Subject: " and a word fit in 78.
        for character in text {
            if chunk.utf8.count + String(character).utf8.count > 42, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ text: String) -> String {
        "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    /// A display name as a phrase: quoted when plain ASCII, encoded words otherwise.
    ///
    /// The address check already refused `"`, `\`, `<`, `>`, `,`, `;` and control characters.
    static func phrase(_ name: String) -> [String] {
        if name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }), !name.contains("=?") {
            return ["\"" + name + "\""]
        }
        return headerWords(name)
    }

    /// `Name: value` folded between words so lines stay within 78 characters when they can.
    ///
    /// A fold is CRLF followed by the space that joined the two words, so readers see the same text.
    static func header(_ name: String, _ words: [String]) -> String {
        var output = name + ":"
        var lineLength = output.count
        for word in words {
            if lineLength + 1 + word.count > 78, lineLength > name.count + 1 {
                output += crlf
                lineLength = 0
            }
            output += " " + word
            lineLength += 1 + word.count
        }
        return output + crlf
    }

    /// A MIME parameter value: quoted when ASCII, RFC 2231 percent-encoded UTF-8 otherwise
    /// (`filename*=UTF-8''%C3%BC.xlsx`), with an ASCII stand-in for older readers.
    static func parameter(_ name: String, _ value: String) -> String {
        let asciiSafe = value.unicodeScalars.allSatisfy {
            $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\"
        }
        if asciiSafe { return "\(name)=\"\(value)\"" }
        var encoded = ""
        for byte in value.utf8 {
            let scalar = UnicodeScalar(byte)
            if byte < 0x80,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".contains(Character(scalar))
            {
                encoded.append(Character(scalar))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        let fallback = String(
            value.unicodeScalars.map {
                $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" ? Character($0) : "_"
            })
        return "\(name)=\"\(fallback)\"; \(name)*=UTF-8''\(encoded)"
    }

    /// RFC 5322 date: `Sun, 01 Nov 2026 07:00:00 +0100`, English names whatever the locale.
    static func date(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = timeZone.secondsFromGMT(for: date) / 60
        let zone = (offset < 0 ? "-" : "+") + String(format: "%02d%02d", abs(offset) / 60, abs(offset) % 60)
        let day = String(format: "%02d", parts.day ?? 1)
        let time = String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        let year = String(format: "%04d", parts.year ?? 1970)
        return "\(days[(parts.weekday ?? 1) - 1]), \(day) \(months[(parts.month ?? 1) - 1]) \(year) \(time) \(zone)"
    }
}
