import Reporting

/// Renders a result table as aligned plain text for a terminal.
///
/// Values are formatted per column format, numeric columns right-aligned, wide characters
/// (CJK, emoji) counted as two columns. Control characters and ANSI escape sequences from
/// ticket text are stripped, so a subject cannot recolour or rewrite the user's terminal;
/// cells wider than `maxCellWidth` are cut with "…". For example:
///
/// ```
/// Department  Tickets  Median (h)
/// ──────────  ───────  ──────────
/// Billing       1,204         3.5
/// Sales            87        12.0
/// (2 rows)
/// ```
package enum TerminalTable {
    /// The table as lines of text, ending with a row count line and a newline.
    ///
    /// - Parameters:
    ///   - maxCellWidth: widest cell, in terminal columns.
    ///   - maxRows: show at most this many rows and say how many were left out.
    ///   - totalRows: the whole result's row count when `table` holds only its first rows
    ///     (a streamed result); nil means `table.rows.count`.
    package static func render(
        table: ResultTable, maxCellWidth: Int = 40, maxRows: Int? = nil, totalRows: Int? = nil
    ) -> String {
        let cap = max(2, maxCellWidth)
        let shown = maxRows.map { min(max(0, $0), table.rows.count) } ?? table.rows.count
        let headers = table.columns.map { DisplayWidth.truncate(TextSanitizer.forTerminal($0.label), to: cap) }
        var cells: [[String]] = []
        cells.reserveCapacity(shown)
        for row in table.rows.prefix(shown) {
            cells.append(
                table.columns.indices.map { index in
                    let value = index < row.count ? row[index] : .null
                    let text = TextSanitizer.forTerminal(ValueFormatter.format(value, as: table.columns[index].format))
                    return DisplayWidth.truncate(text, to: cap)
                })
        }
        let rightAligned = table.columns.indices.map { index in
            isNumericColumn(index, format: table.columns[index].format, rows: table.rows.prefix(shown))
        }
        var widths = headers.map(DisplayWidth.of)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }

        var lines: [String] = []
        lines.append(line(headers, widths: widths, rightAligned: rightAligned))
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for row in cells { lines.append(line(row, widths: widths, rightAligned: rightAligned)) }
        let total = max(totalRows ?? 0, table.rows.count)
        var footer = total == 1 ? "(1 row)" : "(\(ValueFormatter.grouped(String(total))) rows)"
        if shown < total { footer = "(\(shown) of \(ValueFormatter.grouped(String(total))) rows shown)" }
        lines.append(footer)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ cells: [String], widths: [Int], rightAligned: [Bool]) -> String {
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
            parts.append(rightAligned[index] ? padding + cell : cell + padding)
        }
        // No trailing blanks: they wrap badly and make copied output messy.
        var text = parts.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Numeric formats, and untyped (ad-hoc) columns whose values are all numbers.
    static func isNumericColumn(_ index: Int, format: ColumnFormat, rows: ArraySlice<[CellValue]>) -> Bool {
        if ValueFormatter.isNumeric(format) { return true }
        guard format == .text else { return false }
        var sawNumber = false
        for row in rows.prefix(1000) where index < row.count {
            switch row[index] {
            case .integer, .real: sawNumber = true
            case .text: return false
            case .null: continue
            }
        }
        return sawNumber
    }
}
