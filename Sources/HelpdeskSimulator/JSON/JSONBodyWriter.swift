import HelpdeskAPI

/// A small, fast JSON writer into a byte array, escaping strings the way PHP does.
///
/// PHP's `json_encode` escapes `/` as `\/`; with `escapeNonASCII` it also writes every
/// non-ASCII scalar as `\uXXXX` (surrogate pairs above U+FFFF), which is its default.
struct JSONBodyWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 2_048) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Writes `"key":`; keys are ASCII literals that need no escaping.
    mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func integer(_ value: Int, asString: Bool) {
        if asString { bytes.append(UInt8(ascii: "\"")) }
        bytes.append(contentsOf: String(value).utf8)
        if asString { bytes.append(UInt8(ascii: "\"")) }
    }

    /// Writes a quoted string; `trailingRawBytes` are appended unescaped before the closing
    /// quote (the hostile mode's invalid UTF-8).
    mutating func string(_ value: String, escapeNonASCII: Bool = false, trailingRawBytes: [UInt8] = []) {
        bytes.append(UInt8(ascii: "\""))
        if escapeNonASCII {
            for scalar in value.unicodeScalars {
                if scalar.value < 0x80 {
                    escapeASCII(UInt8(scalar.value))
                } else if scalar.value < 0x10000 {
                    unicodeEscape(UInt16(scalar.value))
                } else {
                    let offset = scalar.value - 0x10000
                    unicodeEscape(UInt16(0xD800 + (offset >> 10)))
                    unicodeEscape(UInt16(0xDC00 + (offset & 0x3FF)))
                }
            }
        } else {
            var copy = value
            copy.withUTF8 { utf8 in
                // Copy runs of plain bytes in one go; escape the rest one by one.
                var runStart = 0
                for index in 0..<utf8.count {
                    let byte = utf8[index]
                    if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                        || byte == UInt8(ascii: "/")
                    {
                        if runStart < index {
                            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                        }
                        escapeASCII(byte)
                        runStart = index + 1
                    }
                }
                if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
            }
        }
        bytes.append(contentsOf: trailingRawBytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escapeASCII(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "/"): raw("\\/")
        case 0x08: raw("\\b")
        case 0x0C: raw("\\f")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        case 0..<0x20: unicodeEscape(UInt16(byte))
        default: bytes.append(byte)
        }
    }

    private mutating func unicodeEscape(_ unit: UInt16) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        raw("\\u")
        bytes.append(hex[Int(unit >> 12)])
        bytes.append(hex[Int(unit >> 8 & 0xF)])
        bytes.append(hex[Int(unit >> 4 & 0xF)])
        bytes.append(hex[Int(unit & 0xF)])
    }
}

/// How a ticket's members are written, from its response quirks: numbers as strings (PHP's
/// way) or as numbers, non-ASCII as is or `\uXXXX`.
struct JSONMemberStyle {
    var numbersAsStrings: Bool
    var escapeNonASCII: Bool

    init(_ quirks: ResponseQuirks) {
        numbersAsStrings = !quirks.contains(.numbersAsNumbers)
        escapeNonASCII = quirks.contains(.unicodeEscapes)
    }
}

extension JSONBodyWriter {
    /// Writes `,"key":"value"` (no comma when `first`).
    mutating func member(_ key: StaticString, _ value: String, _ style: JSONMemberStyle, first: Bool = false) {
        if !first { byte(UInt8(ascii: ",")) }
        self.key(key)
        string(value, escapeNonASCII: style.escapeNonASCII)
    }

    /// Writes `,"key":1` or `,"key":"1"`, as the style says.
    mutating func member(_ key: StaticString, _ value: Int, _ style: JSONMemberStyle, first: Bool = false) {
        if !first { byte(UInt8(ascii: ",")) }
        self.key(key)
        integer(value, asString: style.numbersAsStrings)
    }

    /// A date as WHMCS writes it; none is `0000-00-00 00:00:00`.
    mutating func member(_ key: StaticString, _ value: LocalDateTime?, _ style: JSONMemberStyle) {
        member(key, value?.description ?? "0000-00-00 00:00:00", style)
    }
}
