import CXLSXWriter
import Foundation
import Reporting

extension XLSXWorkbookWriter {
    /// Adds a "Summary" sheet for a report pack: title, period, generation time, the
    /// highlights, the KPI tiles (label, value, previous, change) and the list of reports that
    /// follow, each a link to its sheet; returns its name.
    ///
    /// Call it first so the summary is the sheet Excel opens on: it claims the names of the
    /// tables' sheets (`addSheet` with the table's title, or its name when untitled, takes
    /// them in order), and every sheet added after it links back to it.
    @discardableResult
    package func addSummarySheet(for pack: ReportPack, timeZone: TimeZone = .current) throws -> String {
        try ensureOpen()
        try finishCurrentSheet()
        finishTable()
        let name = namer.claim("Summary")
        let worksheet = try addWorksheet(named: name)
        let sheetNames = pack.tables.map { reserveSheetName(for: $0.title.isEmpty ? $0.name : $0.title) }
        summarySheetName = name
        let titleFormat = try makeFormat { format in
            format_set_bold(format)
            format_set_font_size(format, 16)
        }
        let labelFormat = try makeFormat { format in format_set_bold(format) }
        var widths = [12, 14, 14, 14]
        func widen(_ column: Int, _ width: Int) {
            widths[column] = max(widths[column], min(Self.maxColumnWidth, width + 2))
        }

        // The title may be wider than column A; Excel lets it overflow into empty neighbours.
        try writeString(pack.title, worksheet: worksheet, row: 0, column: 0, format: titleFormat)
        try writeString("Period", worksheet: worksheet, row: 1, column: 0, format: labelFormat)
        widen(1, DisplayWidth.of(try writeString(pack.period, worksheet: worksheet, row: 1, column: 1)))
        try writeString("Generated", worksheet: worksheet, row: 2, column: 0, format: labelFormat)
        try writeNumber(
            ExcelDate.serial(from: pack.generatedAt, timeZone: timeZone), worksheet: worksheet, row: 2, column: 1,
            format: try numberFormat("yyyy-mm-dd hh:mm"))
        widen(1, 16)

        var row: UInt32 = 4
        // Each sentence across the four printed columns, wrapped; a constant-memory workbook
        // cannot merge cells, so there it runs on to the right.
        var highlightRows: [(row: UInt32, width: Int)] = []
        if !pack.highlights.isEmpty {
            try writeString("Highlights", worksheet: worksheet, row: row, column: 0, format: labelFormat)
            row += 1
            let wrapped = try makeFormat { format in
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            }
            for sentence in pack.highlights {
                let text = TextSanitizer.forXLSX("• " + sentence)
                if constantMemory {
                    try writeString(text, worksheet: worksheet, row: row, column: 0)
                } else {
                    try check(worksheet_merge_range(worksheet, row, 0, row, 3, text, wrapped), "writing a highlight")
                    highlightRows.append((row, DisplayWidth.of(text)))
                }
                row += 1
            }
            row += 1
        }
        if !pack.tiles.isEmpty {
            for (column, heading) in ["Figure", "Value", "Previous", "Change"].enumerated() {
                try writeString(heading, worksheet: worksheet, row: row, column: UInt16(column), format: headerFormat)
            }
            row += 1
            for tile in pack.tiles {
                let label = try writeString(tile.label, worksheet: worksheet, row: row, column: 0)
                widen(0, DisplayWidth.of(label))
                widen(1, try writeTileValue(tile.value, format: tile.format, worksheet: worksheet, row: row, column: 1))
                widen(
                    2, try writeTileValue(tile.previous, format: tile.format, worksheet: worksheet, row: row, column: 2)
                )
                widen(3, try writeTileDelta(tile, worksheet: worksheet, row: row))
                row += 1
            }
            row += 1
        }

        if !pack.tables.isEmpty {
            for (column, heading) in ["Report", "Rows", "Description"].enumerated() {
                try writeString(heading, worksheet: worksheet, row: row, column: UInt16(column), format: headerFormat)
            }
            row += 1
            let integerFormat = try numberFormat("#,##0")
            for (table, sheetName) in zip(pack.tables, sheetNames) {
                if printSetup {
                    try writeInternalLink(to: sheetName, text: table.title, worksheet: worksheet, row: row, column: 0)
                } else {
                    try writeString(table.title, worksheet: worksheet, row: row, column: 0)
                }
                widen(0, DisplayWidth.of(TextSanitizer.forXLSX(table.title)))
                try writeNumber(
                    Double(table.rows.count), worksheet: worksheet, row: row, column: 1, format: integerFormat)
                if !table.description.isEmpty {
                    // Descriptions run on to the right; no need to widen for them.
                    try writeString(table.description, worksheet: worksheet, row: row, column: 2)
                }
                row += 1
            }
        }
        try setWidths(widths, worksheet: worksheet)
        // Merged cells do not grow with their text: as many lines as the sentence needs.
        let lineWidth = max(20, widths.reduce(0) { $0 + min(Self.maxColumnWidth, max(6, $1)) } - 2)
        for (highlightRow, width) in highlightRows {
            let lines = max(1, (width + lineWidth - 1) / lineWidth)
            try check(worksheet_set_row(worksheet, highlightRow, 15 * Double(lines), nil), "sizing a highlight row")
        }
        // Printed, the page holds the four columns; long descriptions are cut at its edge
        // instead of running on over a dozen pages of their own. The sheet draws its own
        // rules under headings, so no gridlines.
        if printSetup {
            try setUpPrinting(worksheet, title: name, gridlines: false)
        } else {
            worksheet_fit_to_pages(worksheet, 1, 0)
        }
        try check(worksheet_print_area(worksheet, 0, 0, max(row, 1) - 1, 3), "setting the print area")
        report.sheets.append(XLSXWriteReport.Sheet(name: name, dataRows: Int(row)))
        return name
    }

    /// Writes a KPI value in its format's number format; returns its display width.
    private func writeTileValue(
        _ value: CellValue, format: ColumnFormat, worksheet: UnsafeMutablePointer<lxw_worksheet>, row: UInt32,
        column: UInt16
    ) throws -> Int {
        let display = ValueFormatter.format(value, as: format)
        switch value {
        case .null:
            return 0
        case .text(let text):
            if format == .date || format == .datetime, let serial = ExcelDate.serial(fromStoreText: text),
                let code = Self.formatCode(for: format)
            {
                try writeNumber(serial, worksheet: worksheet, row: row, column: column, format: try numberFormat(code))
            } else {
                try writeString(text, worksheet: worksheet, row: row, column: column)
            }
        case .integer, .real:
            guard let number = value.doubleValue, number.isFinite else {
                try writeString(display, worksheet: worksheet, row: row, column: column)
                return display.count
            }
            var code = ValueFormatter.isNumeric(format) ? Self.formatCode(for: format) : nil
            // A tile has no column heading to name its unit, so hours say "h" (as on the HTML tile).
            if format == .hours { code = "0.0\" h\"" }
            try writeNumber(
                format == .duration ? number / 86400 : number, worksheet: worksheet, row: row, column: column,
                format: try code.map { try numberFormat($0) })
        }
        return DisplayWidth.of(display)
    }

    /// Writes the change from the previous value, signed and coloured by whether it is good news.
    private func writeTileDelta(_ tile: KPITile, worksheet: UnsafeMutablePointer<lxw_worksheet>, row: UInt32) throws
        -> Int
    {
        guard ValueFormatter.isNumeric(tile.format), let value = tile.value.doubleValue,
            let previous = tile.previous.doubleValue, value.isFinite, previous.isFinite
        else { return 0 }
        let delta = value - previous
        let (number, code): (Double, String)
        switch tile.format {
        case .integer: (number, code) = (delta, "+#,##0;-#,##0;0")
        case .percent: (number, code) = (delta * 100, "+0.0\" pp\";-0.0\" pp\";0.0\" pp\"")
        case .hours: (number, code) = (delta, "+0.0\" h\";-0.0\" h\";0.0\" h\"")
        // Excel shows a negative [h]:mm as ####, so a duration's change is in hours.
        case .duration: (number, code) = (delta / 3600, "+0.0\" h\";-0.0\" h\";0.0\" h\"")
        case .number, .text, .date, .datetime: (number, code) = (delta, "+#,##0.00;-#,##0.00;0.00")
        }
        let color: lxw_color_t?
        switch KPIAssessment.mood(of: tile) {
        case .good: color = 0x1A7F37
        case .bad: color = 0xC62828
        case .neutral: color = nil
        }
        try writeNumber(number, worksheet: worksheet, row: row, column: 3, format: try numberFormat(code, color: color))
        return ValueFormatter.formatDelta(delta, as: tile.format).count
    }
}
