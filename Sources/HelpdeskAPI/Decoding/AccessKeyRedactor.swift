/// Removes every object member named `c` (the ticket's client access key) from a JSON body.
///
/// The body is otherwise kept byte for byte as received, so `raw_responses` can rebuild the
/// store after a parser fix. Works on bytes without building a document, so a large body
/// costs one pass. Returns nil when the bytes are not well-formed JSON.
enum AccessKeyRedactor {
    static func redact(_ input: [UInt8], key: String = "c") -> [UInt8]? {
        var scanner = Scanner(input: input, key: Array(key.utf8))
        scanner.output.reserveCapacity(input.count)
        guard scanner.value(), scanner.skipSpace(copy: true), scanner.index == input.count else { return nil }
        return scanner.output
    }

    private struct Scanner {
        let input: [UInt8]
        let key: [UInt8]
        var index = 0
        var output: [UInt8] = []
        var depth = 0

        init(input: [UInt8], key: [UInt8]) {
            self.input = input
            self.key = key
        }

        /// Whether a member's raw (still escaped) name is `key`: `"\u0063"` names `c` as well.
        static func isKey(_ name: ArraySlice<UInt8>, _ key: [UInt8]) -> Bool {
            guard name.contains(UInt8(ascii: "\\")) else { return name.elementsEqual(key) }
            guard case .string(let decoded)? = JSONValue.parse([UInt8(ascii: "\"")] + name + [UInt8(ascii: "\"")])
            else { return false }
            return decoded.utf8.elementsEqual(key)
        }

        @discardableResult
        mutating func skipSpace(copy: Bool) -> Bool {
            while index < input.count, [0x20, 0x09, 0x0A, 0x0D].contains(input[index]) {
                if copy { output.append(input[index]) }
                index += 1
            }
            return true
        }

        /// Copies (or skips) one value; false on malformed input.
        mutating func value(copy: Bool = true) -> Bool {
            skipSpace(copy: copy)
            guard index < input.count else { return false }
            depth += 1
            defer { depth -= 1 }
            guard depth < 512 else { return false }
            switch input[index] {
            case UInt8(ascii: "{"): return object(copy: copy)
            case UInt8(ascii: "["): return array(copy: copy)
            case UInt8(ascii: "\""): return string(copy: copy) != nil
            default: return scalar(copy: copy)
            }
        }

        mutating func emit(_ byte: UInt8, _ copy: Bool) {
            if copy { output.append(byte) }
        }

        mutating func object(copy: Bool) -> Bool {
            emit(input[index], copy)
            index += 1
            var wroteMember = false
            skipSpace(copy: copy)
            if index < input.count, input[index] == UInt8(ascii: "}") {
                emit(input[index], copy)
                index += 1
                return true
            }
            while true {
                // Members are scanned without copying first, so a dropped one leaves no trace.
                let memberStart = index
                skipSpace(copy: false)
                guard index < input.count, input[index] == UInt8(ascii: "\""), let name = string(copy: false)
                else { return false }
                skipSpace(copy: false)
                guard index < input.count, input[index] == UInt8(ascii: ":") else { return false }
                index += 1
                let drop = Self.isKey(name, key)
                if drop {
                    guard value(copy: false) else { return false }
                } else {
                    if wroteMember { emit(UInt8(ascii: ","), copy) }
                    if copy { output.append(contentsOf: input[memberStart..<index]) }
                    guard value(copy: copy) else { return false }
                    wroteMember = true
                }
                skipSpace(copy: false)
                guard index < input.count else { return false }
                if input[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard input[index] == UInt8(ascii: "}") else { return false }
                emit(input[index], copy)
                index += 1
                return true
            }
        }

        mutating func array(copy: Bool) -> Bool {
            emit(input[index], copy)
            index += 1
            skipSpace(copy: copy)
            if index < input.count, input[index] == UInt8(ascii: "]") {
                emit(input[index], copy)
                index += 1
                return true
            }
            while true {
                guard value(copy: copy) else { return false }
                skipSpace(copy: copy)
                guard index < input.count else { return false }
                let byte = input[index]
                emit(byte, copy)
                index += 1
                if byte == UInt8(ascii: "]") { return true }
                guard byte == UInt8(ascii: ",") else { return false }
            }
        }

        /// Scans a string; returns its raw (still escaped) content bytes.
        mutating func string(copy: Bool) -> ArraySlice<UInt8>? {
            let start = index
            index += 1
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    if copy { output.append(contentsOf: input[start..<index]) }
                    return input[(start + 1)..<(index - 1)]
                }
                index += 1
            }
            return nil
        }

        mutating func scalar(copy: Bool) -> Bool {
            let start = index
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                    || [0x20, 0x09, 0x0A, 0x0D].contains(byte)
                {
                    break
                }
                index += 1
            }
            guard index > start else { return false }
            if copy { output.append(contentsOf: input[start..<index]) }
            return true
        }
    }
}
