/// A JSON scalar that may arrive as a string, a number, a boolean or null.
///
/// PHP helpdesks send `"ticketid": "1"` as often as `"ticketid": 1`; both must decode.
struct LenientValue: Decodable {
    let text: String?
    let integer: Int?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            (text, integer) = (nil, nil)
        } else if let string = try? container.decode(String.self) {
            text = string
            integer = Int(string.trimmingSpaces())
        } else if let number = try? container.decode(Int.self) {
            (text, integer) = (String(number), number)
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
            integer = number.isFinite && abs(number) < 9e15 ? Int(number) : nil
        } else if let flag = try? container.decode(Bool.self) {
            (text, integer) = (flag ? "1" : "0", flag ? 1 : 0)
        } else {
            // An object or array where a scalar belongs: treat as absent rather than
            // failing the whole ticket over one odd field.
            (text, integer) = (nil, nil)
        }
    }
}

extension KeyedDecodingContainer {
    func string(_ key: Key) -> String {
        ((try? decodeIfPresent(LenientValue.self, forKey: key)) ?? nil)?.text ?? ""
    }

    func int(_ key: Key) -> Int? {
        ((try? decodeIfPresent(LenientValue.self, forKey: key)) ?? nil)?.integer
    }

    func date(_ key: Key) -> LocalDateTime? {
        LocalDateTime(parsing: string(key).trimmingSpaces())
    }
}

extension String {
    func trimmingSpaces() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            slice.removeFirst()
        }
        while let last = slice.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            slice.removeLast()
        }
        return slice
    }
}
