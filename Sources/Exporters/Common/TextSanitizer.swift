/// Makes helpdesk text safe for each output: characters a format cannot carry are replaced.
///
/// Ticket subjects and messages arrive from the public; they may hold NULs, stray control
/// bytes, terminal escape sequences or bidi overrides. XML (inside XLSX) and HTML reject some
/// of these outright, so they become U+FFFD (visible, and honest that something was there);
/// the terminal gets them stripped so no escape sequence ever reaches it.
enum TextSanitizer {
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Text that XML 1.0 can carry, with line ends as LF (Excel's in-cell line break).
    ///
    /// libxlsxwriter would escape C0 controls as `_xHHHH_`, which other readers show literally.
    static func forXLSX(_ text: String) -> String {
        guard needsXMLWork(text) else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x0D {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if value == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(isXMLForbidden(value) ? replacement : scalar)
        }
        return String(scalars)
    }

    /// Text that HTML can carry: XML's rules plus C1 controls, DEL and noncharacters.
    static func forHTML(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isHTMLForbidden($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isHTMLForbidden(scalar.value) ? replacement : scalar)
        }
        return String(scalars)
    }

    /// One line of plain text for a terminal: escape sequences removed, controls and bidi
    /// overrides dropped, tabs and line breaks turned into spaces.
    static func forTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isTerminalUnsafe($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            let value = scalar.value
            if value == 0x1B || value == 0x9B {
                skipEscapeSequence(startingWith: value, in: &iterator)
            } else if value == 0x09 || value == 0x0A || value == 0x0D {
                scalars.append(" ")
            } else if !isTerminalUnsafe(value) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Consumes an ANSI escape sequence (CSI, OSC, or a two-character escape) after its introducer.
    private static func skipEscapeSequence(
        startingWith introducer: UInt32, in iterator: inout String.UnicodeScalarView.Iterator
    ) {
        var kind = introducer == 0x9B ? UInt32(0x5B) : 0
        if introducer == 0x1B {
            guard let next = iterator.next() else { return }
            kind = next.value
        }
        switch kind {
        case 0x5B:  // CSI: parameters and intermediates up to a final byte 0x40–0x7E
            while let scalar = iterator.next() {
                if (0x40...0x7E).contains(scalar.value) { return }
            }
        case 0x5D, 0x50, 0x5F, 0x5E:  // OSC, DCS, APC, PM: up to BEL or ESC \
            while let scalar = iterator.next() {
                if scalar.value == 0x07 || scalar.value == 0x9C { return }
                if scalar.value == 0x1B {
                    _ = iterator.next()
                    return
                }
            }
        default:
            return  // ESC plus one character: already consumed
        }
    }

    private static func needsXMLWork(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A { return true }
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF.
            if (byte == 0xBE || byte == 0xBF) && previous == 0xBF && beforePrevious == 0xEF { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    static func isXMLForbidden(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F: return true
        case 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    static func isHTMLForbidden(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0xFDD0...0xFDEF: return true
        default: return value & 0xFFFE == 0xFFFE
        }
    }

    static func isTerminalUnsafe(_ value: UInt32) -> Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        // Bidi embeddings, overrides and isolates can make a row read differently than it is.
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
