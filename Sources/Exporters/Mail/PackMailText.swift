import Foundation
import Reporting

/// The plain-text alternative of a pack's e-mail: each KPI tile as one line, then the highlights.
///
/// ```
/// Monthly support report, 2026-10
///
/// Tickets: 812 (790 the month before)
/// Median first response: 10.2 h (7.4 h the month before)
///
/// Highlights
/// - Median first response rose 38 % to 10.2 h (from 7.4 h); …
/// ```
enum PackMailText {
    static func render(_ pack: ReportPack, attachmentNames: [String]) -> String {
        var lines = [clean(PackMailText.heading(pack)), ""]
        let before = previousPeriodWords(pack.period)
        for tile in pack.tiles {
            lines.append("\(clean(tile.label)): \(tileLine(tile, before: before))")
        }
        if !pack.highlights.isEmpty {
            lines += ["", "Highlights"]
            lines += pack.highlights.map { "- " + clean($0) }
        }
        if !attachmentNames.isEmpty {
            lines += [
                "", "Attached: " + attachmentNames.map { "\($0) (\(describe($0)))" }.joined(separator: ", ") + ".",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `10.2 h (7.4 h the month before)`; a missing figure reads "no figure".
    static func tileLine(_ tile: KPITile, before: String) -> String {
        "\(figure(tile.value, tile.format)) (\(figure(tile.previous, tile.format)) \(before))"
    }

    /// `Monthly support report, 2026-10` with the source when the pack is about one.
    static func heading(_ pack: ReportPack) -> String {
        var text = "\(pack.title), \(pack.period)"
        if let source = pack.source { text += " (\(source))" }
        return text
    }

    /// A tile's figure with its unit; "no figure" for NULL.
    static func figure(_ value: CellValue, _ format: ColumnFormat) -> String {
        let text = ValueFormatter.format(value, as: format)
        guard !text.isEmpty else { return "no figure" }
        return format == .hours ? text + " h" : text
    }

    /// "the month before", "the quarter before", "the year before", from the period's shape.
    static func previousPeriodWords(_ period: String) -> String {
        let isDigits = { (text: Substring) in !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
        }
        let parts = period.split(separator: "-")
        if parts.count == 1, period.count == 4, isDigits(parts[0]) { return "the year before" }
        if parts.count == 2, isDigits(parts[0]), parts[1].hasPrefix("Q") { return "the quarter before" }
        if parts.count == 2, isDigits(parts[0]), isDigits(parts[1]) { return "the month before" }
        return "the period before"
    }

    private static func describe(_ filename: String) -> String {
        switch (filename as NSString).pathExtension.lowercased() {
        case "xlsx": return "the workbook with every report"
        case "html": return "the full page, for a browser"
        default: return "the pack"
        }
    }

    /// One line of text: control characters, escape sequences and line breaks removed.
    static func clean(_ text: String) -> String {
        TextSanitizer.forTerminal(text)
    }
}
