// libFuzzer entry for the helpdesk's date parser (`Y-m-d H:i:s`).
//
// Built by Tests/Fuzz/run.sh with HelpdeskAPI's Model/ sources. Checks, besides "does not
// crash", that whatever parses is a valid calendar time that round-trips through its text
// form and through seconds since the epoch.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLocalDateTime(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let fromBytes = LocalDateTime(utf8: buffer)
    let text = String(decoding: buffer, as: UTF8.self)
    let fromText = LocalDateTime(parsing: text)
    if text.utf8.elementsEqual(buffer), fromBytes != fromText {
        fatalError("the String and UTF-8 parsers disagree on \(text.debugDescription)")
    }
    for date in [fromBytes, fromText].compactMap({ $0 }) {
        guard (1...9999).contains(date.year), (1...12).contains(date.month),
            (1...LocalDateTime.daysIn(month: date.month, year: date.year)).contains(date.day),
            (0...23).contains(date.hour), (0...59).contains(date.minute), (0...59).contains(date.second)
        else { fatalError("impossible date parsed from \(text.debugDescription)") }
        guard LocalDateTime(parsing: date.description) == date else {
            fatalError("\(date) does not round-trip through its text")
        }
        guard LocalDateTime(secondsSinceEpoch: date.secondsSinceEpoch) == date else {
            fatalError("\(date) does not round-trip through seconds since the epoch")
        }
        guard (0...6).contains(date.weekday) else { fatalError("weekday \(date.weekday) of \(date)") }
        if size == 19, buffer[10] == 0x20 {
            guard date.description.utf8.elementsEqual(buffer) else { fatalError("\(date) is not \(text)") }
        }
    }
    return 0
}
