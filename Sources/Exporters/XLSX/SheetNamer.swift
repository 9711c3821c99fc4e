/// Turns report titles into sheet names Excel accepts, unique within one workbook.
///
/// Excel's rules: at most 31 characters, none of `[ ] : * ? / \`, not empty, not starting or
/// ending with an apostrophe, not "History" (reserved), and unique ignoring case.
struct SheetNamer {
    static let maxLength = 31
    private var used: Set<String> = []

    /// A valid, unused name close to `proposed`; the name is then taken.
    mutating func claim(_ proposed: String) -> String {
        let base = Self.clean(proposed)
        if take(base) { return base }
        var number = 2
        while true {
            let suffix = " (\(number))"
            let name = Self.trimApostrophes(Self.cut(base, to: Self.maxLength - suffix.utf16.count)) + suffix
            if take(name) { return name }
            number += 1
        }
    }

    /// Whether a name is still free, without taking it.
    func isFree(_ name: String) -> Bool { !used.contains(name.lowercased()) }

    private mutating func take(_ name: String) -> Bool {
        used.insert(name.lowercased()).inserted
    }

    /// The name with forbidden characters replaced, cut to length; "Sheet" when nothing is left.
    static func clean(_ proposed: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in proposed.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\": scalars.append("_")
            case "\n", "\r", "\t": scalars.append(" ")
            default:
                if TextSanitizer.isHTMLForbidden(scalar.value) { continue }
                scalars.append(scalar)
            }
        }
        var name = String(scalars).trimmingSpaces()
        name = trimApostrophes(cut(trimApostrophes(name), to: maxLength))
        if name.isEmpty { name = "Sheet" }
        if name.lowercased() == "history" { name += "_" }
        return name
    }

    /// Cuts to `limit` UTF-16 units (Excel counts those), never inside a character.
    static func cut(_ name: String, to limit: Int) -> String {
        guard name.utf16.count > limit else { return name }
        var result = ""
        var units = 0
        for character in name {
            let length = character.utf16.count
            if units + length > limit { break }
            result.append(character)
            units += length
        }
        return result.trimmingSpaces()
    }

    private static func trimApostrophes(_ name: String) -> String {
        var name = Substring(name)
        while name.first == "'" { name = name.dropFirst() }
        while name.last == "'" { name = name.dropLast() }
        return String(name).trimmingSpaces()
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
