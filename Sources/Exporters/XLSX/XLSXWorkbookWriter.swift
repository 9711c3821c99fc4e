import CXLSXWriter
import Foundation
import HelpdeskAPI
import Reporting

/// Streams result rows into an .xlsx workbook through libxlsxwriter, one sheet after another.
///
/// Each sheet gets a bold frozen header row, an autofilter over its data, column widths fitted
/// to the first 1,000 rows, Excel number formats per `ColumnFormat` (dates become real Excel
/// dates), and optionally a native chart or a heatmap colour scale. Text is always written as
/// a string, never as a formula. A table longer than Excel's 1,048,576 rows continues on a
/// sheet named "<name> (2)"; the returned report says so.
///
/// The workbook is written to a temporary file beside `path` and renamed onto it only after
/// libxlsxwriter finished, so a failure never leaves a partial file at `path`.
///
/// One writer belongs to one task: libxlsxwriter's objects are not thread-safe. For example:
///
/// ```swift
/// let writer = try XLSXWorkbookWriter(path: url, constantMemory: true, properties: .init(title: "Tickets"))
/// try writer.addSheet(name: "Tickets", columns: columns)
/// for row in rows { try writer.append(row: row) }
/// let report = try writer.close()
/// ```
package final class XLSXWorkbookWriter {
    /// Document properties shown in Excel's File › Info.
    package struct Properties: Sendable {
        package var title: String?
        package var subject: String?
        package var author: String?
        /// The creation date; nil means now.
        package var created: Date?

        package init(title: String? = nil, subject: String? = nil, author: String? = nil, created: Date? = nil) {
            self.title = title
            self.subject = subject
            self.author = author
            self.created = created
        }
    }

    /// Excel's row limit per sheet, header included.
    package static let maxSheetRows = 1_048_576
    /// Excel's column limit per sheet.
    package static let maxColumns = 16_384
    /// Excel's limit on characters in one cell.
    static let maxCellLength = 32_767
    /// Rows per sheet examined for column widths.
    static let widthSampleRows = 1_000
    /// Widest column, in characters.
    static let maxColumnWidth = 60
    /// Chart at most this many categories; a longer table is not a chart anyone can read.
    static let maxChartRows = 4_000

    /// The file that appears when `close()` succeeds.
    package let path: URL
    /// Whether libxlsxwriter flushes each row as it is written (rows then must come in order,
    /// which this writer guarantees).
    package let constantMemory: Bool
    /// At most this many data rows per table; the rest are counted in the report and dropped.
    package let maxRows: Int?

    /// Rows per sheet including the header before a table continues on a new sheet.
    /// Only lowered by tests, to exercise continuation without a million rows.
    package var sheetRowLimit = XLSXWorkbookWriter.maxSheetRows

    /// The left part of every printed page's header, e.g. "Monthly support report · 2026-10";
    /// the right part is the sheet's own title. Defaults to the document title.
    package var printHeading: String?
    /// Whether sheets get the print settings of ``setUpPrinting(_:title:gridlines:)`` and the
    /// links between the summary and the report sheets; off only to measure what they cost.
    package var printSetup = true
    /// The summary sheet every report sheet links back to, once `addSummarySheet` ran.
    var summarySheetName: String?
    /// Sheet names claimed ahead (by the summary, to link to them), by the name asked for.
    var reservedSheetNames: [String: [String]] = [:]

    var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let file: AtomicFile
    private var failed = false
    var namer = SheetNamer()
    var report = XLSXWriteReport()
    private var current: SheetState?
    private var table: TableState?
    private var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    private(set) var headerFormat: UnsafeMutablePointer<lxw_format>?

    /// Opens a workbook that will be written to `path` on `close()`.
    ///
    /// Throws at once when the folder does not exist or is not writable.
    package init(path: URL, constantMemory: Bool = false, properties: Properties = Properties(), maxRows: Int? = nil)
        throws
    {
        self.file = try AtomicFile(target: path)
        self.path = file.target
        self.constantMemory = constantMemory
        self.maxRows = maxRows.map { max(0, $0) }
        self.printHeading = properties.title
        // libxlsxwriter opens the path itself at close; we only needed the name reserved.
        file.closeDescriptor()

        let folder = file.target.deletingLastPathComponent().path
        let tmpdir = strdup(folder)
        defer { free(tmpdir) }
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        // Constant-memory temp files go beside the target: /tmp may be small, and one folder
        // is the user's to clean.
        options.tmpdir = tmpdir
        guard let workbook = workbook_new_opt(file.temporary.path, &options) else {
            file.discard()
            throw ExportError(.xlsx, "cannot start \"\(file.target.path)\": libxlsxwriter is out of memory")
        }
        self.workbook = workbook
        do {
            try setProperties(properties)
            headerFormat = try makeFormat { format in
                format_set_bold(format)
                format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue))
            }
        } catch {
            abort()
            throw error
        }
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
    }

    // MARK: - Sheets and rows

    /// Starts a new sheet with a header row of the columns' labels; returns the sheet's name.
    ///
    /// The name is made valid for Excel: cut to 31 characters, `[]:*?/\` replaced by `_`,
    /// unique ignoring case ("Name (2)" …). `chart` asks for a native bar or line chart beside
    /// the table, or (heatmap) a three-colour scale over the `y` columns.
    @discardableResult
    package func addSheet(name: String, columns: [ResultColumn], chart: ChartSpec? = nil) throws -> String {
        try ensureOpen()
        guard !columns.isEmpty else {
            throw ExportError(.invalidInput, "sheet \"\(name)\" has no columns (a report must select at least one)")
        }
        guard columns.count <= Self.maxColumns else {
            throw ExportError(
                .invalidInput,
                "sheet \"\(name)\" has \(columns.count) columns, Excel allows \(Self.maxColumns) (select fewer)")
        }
        try finishCurrentSheet()
        finishTable()
        let sheetName = takeReservedName(name) ?? namer.claim(name)
        table = TableState(firstSheetName: sheetName, title: name, columns: columns, chart: chart)
        try openSheet(named: sheetName, part: 1)
        return sheetName
    }

    /// Appends one data row to the current sheet; `row` lines up with the sheet's columns.
    ///
    /// NULL cells are left empty; a row shorter than the columns is padded with them. Past
    /// Excel's row limit the table continues on a new sheet. A row with more cells than
    /// columns is a caller bug: the workbook is abandoned and nothing is written.
    package func append(row: [CellValue]) throws {
        try ensureOpen()
        guard let sheet = current, let table else {
            throw ExportError.misuse("append(row:) before addSheet(name:columns:) on \"\(path.path)\"")
        }
        guard row.count <= sheet.columns.count else {
            fail()
            throw ExportError(
                .invalidInput,
                "row \(table.rows + 1) of sheet \"\(sheet.name)\" has \(row.count) cells for \(sheet.columns.count) columns"
                    + " (\"\(path.path)\" was not written)")
        }
        if let maxRows, table.rows >= maxRows {
            table.dropped += 1
            return
        }
        var target = sheet
        if sheet.nextRow >= UInt32(sheetRowLimit) {
            target = try continueTable(table)
        }
        let rowIndex = target.nextRow
        let sample = target.sampledRows < Self.widthSampleRows
        for (index, value) in row.enumerated() {
            try write(value, row: rowIndex, column: index, in: target, sampleWidth: sample)
        }
        if sample { target.sampledRows += 1 }
        target.nextRow += 1
        table.rows += 1
    }

    /// Completes the current sheet (autofilter, widths, chart); later rows need a new `addSheet`.
    ///
    /// `addSheet` and `close` call this themselves.
    package func finishCurrentSheet() throws {
        try ensureOpen()
        guard let sheet = current else { return }
        current = nil
        do {
            try finish(sheet)
        } catch {
            fail()
            throw error
        }
    }

    /// Writes the workbook and moves it onto `path`; returns what was written.
    ///
    /// On failure nothing appears at `path` and the temporary file is removed.
    @discardableResult
    package func close() throws -> XLSXWriteReport {
        try ensureOpen()
        try finishCurrentSheet()
        finishTable()
        guard let workbook else { throw ExportError.misuse("\"\(path.path)\" was already closed") }
        self.workbook = nil
        // workbook_close frees the workbook whatever happens.
        let error = workbook_close(workbook)
        guard error == LXW_NO_ERROR else {
            failed = true
            file.discard()
            throw xlsxError(error, while: "saving the workbook")
        }
        try file.commit()
        return report
    }

    /// Abandons the workbook: nothing is written at `path` and the temporary file is removed.
    package func abort() {
        fail()
    }

    // MARK: - Internals shared with the summary sheet

    final class SheetState {
        let worksheet: UnsafeMutablePointer<lxw_worksheet>
        let name: String
        let part: Int
        let columns: [ResultColumn]
        let numberFormats: [UnsafeMutablePointer<lxw_format>?]
        var nextRow: UInt32 = 1
        var widths: [Int]
        var sampledRows = 0

        init(
            worksheet: UnsafeMutablePointer<lxw_worksheet>, name: String, part: Int, columns: [ResultColumn],
            numberFormats: [UnsafeMutablePointer<lxw_format>?]
        ) {
            self.worksheet = worksheet
            self.name = name
            self.part = part
            self.columns = columns
            self.numberFormats = numberFormats
            self.widths = columns.map { DisplayWidth.of($0.label) + 3 }
        }
    }

    final class TableState {
        let firstSheetName: String
        /// The title as given, before it was made a sheet name: the printed page header's.
        let title: String
        let columns: [ResultColumn]
        let chart: ChartSpec?
        var rows = 0
        var dropped = 0
        var parts = 1

        init(firstSheetName: String, title: String, columns: [ResultColumn], chart: ChartSpec?) {
            self.firstSheetName = firstSheetName
            self.title = title
            self.columns = columns
            self.chart = chart
        }
    }

    func ensureOpen() throws {
        guard !failed, workbook != nil else {
            throw ExportError.misuse(
                "the workbook \"\(path.path)\" is closed or failed earlier (start a new XLSXWorkbookWriter)")
        }
    }

    func fail() {
        failed = true
        current = nil
        if let workbook {
            lxw_workbook_free(workbook)
            self.workbook = nil
        }
        file.discard()
    }

    /// Turns a libxlsxwriter error into an ExportError, after dropping the workbook.
    func xlsxError(_ error: lxw_error, while action: String) -> ExportError {
        let reason = String(cString: lxw_strerror(error))
        let fix: String
        switch error {
        case LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_ZIP_FILE_OPERATION,
            LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE:
            fix = "check the folder's permissions and free disk space"
        default:
            fix = "please report this as a bug; --format csv avoids it meanwhile"
        }
        return ExportError(.xlsx, "cannot write \"\(path.path)\" while \(action): \(reason) (\(fix))")
    }

    func check(_ error: lxw_error, _ action: @autoclosure () -> String) throws {
        guard error != LXW_NO_ERROR else { return }
        let exportError = xlsxError(error, while: action())
        fail()
        throw exportError
    }

    /// A cell format, created once per number format code and reused: libxlsxwriter keeps
    /// every format until close, so one per cell would grow without bound.
    func numberFormat(_ code: String, color: lxw_color_t? = nil) throws -> UnsafeMutablePointer<lxw_format> {
        let key = color.map { "\(code)#\($0)" } ?? code
        if let format = formats[key] { return format }
        let format = try makeFormat { format in
            format_set_num_format(format, code)
            if let color { format_set_font_color(format, color) }
        }
        formats[key] = format
        return format
    }

    func makeFormat(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) throws -> UnsafeMutablePointer<lxw_format>
    {
        guard let workbook, let format = workbook_add_format(workbook) else {
            fail()
            throw ExportError(.xlsx, "cannot write \"\(path.path)\": libxlsxwriter is out of memory")
        }
        configure(format)
        return format
    }

    func addWorksheet(named name: String) throws -> UnsafeMutablePointer<lxw_worksheet> {
        guard let workbook else { throw ExportError.misuse("\"\(path.path)\" was already closed") }
        guard let worksheet = workbook_add_worksheet(workbook, name) else {
            fail()
            throw ExportError(.xlsx, "cannot add sheet \"\(name)\" to \"\(path.path)\" (please report this as a bug)")
        }
        return worksheet
    }

    /// Writes text as a string cell (never a formula), made XML-safe and cut to Excel's limit.
    @discardableResult
    func writeString(
        _ text: String, worksheet: UnsafeMutablePointer<lxw_worksheet>, row: UInt32, column: UInt16,
        format: UnsafeMutablePointer<lxw_format>? = nil
    ) throws -> String {
        var text = TextSanitizer.forXLSX(text)
        // UTF-8 length bounds the UTF-16 length, so short strings skip the count.
        if text.utf8.count > Self.maxCellLength, text.utf16.count > Self.maxCellLength {
            text = SheetNamer.cut(text, to: Self.maxCellLength - 1) + "…"
            report.truncatedCells += 1
        }
        try check(worksheet_write_string(worksheet, row, column, text, format), "writing a text cell")
        return text
    }

    func writeNumber(
        _ number: Double, worksheet: UnsafeMutablePointer<lxw_worksheet>, row: UInt32, column: UInt16,
        format: UnsafeMutablePointer<lxw_format>? = nil
    ) throws {
        try check(worksheet_write_number(worksheet, row, column, number, format), "writing a number cell")
    }

    /// A cell that jumps to cell A1 of `sheet` in this workbook.
    func writeInternalLink(
        to sheet: String, text: String, worksheet: UnsafeMutablePointer<lxw_worksheet>, row: UInt32, column: UInt16
    ) throws {
        // Quoted, with apostrophes doubled, as Excel writes a sheet reference.
        let target = "internal:'\(sheet.replacingOccurrences(of: "'", with: "''"))'!A1"
        try check(
            worksheet_write_url_opt(worksheet, row, column, target, nil, TextSanitizer.forXLSX(text), nil),
            "writing a link to sheet \"\(sheet)\"")
    }

    /// Claims the sheet name `addSheet(name:)` will give a table titled `title`, ahead of time.
    func reserveSheetName(for title: String) -> String {
        let name = namer.claim(title)
        reservedSheetNames[title, default: []].append(name)
        return name
    }

    private func takeReservedName(_ title: String) -> String? {
        guard var names = reservedSheetNames[title], !names.isEmpty else { return nil }
        let name = names.removeFirst()
        reservedSheetNames[title] = names
        return name
    }

    /// Print settings every sheet gets: landscape, one page wide (as many pages down as it
    /// takes), margins for a hole punch and the header, the heading and `title` at the top of
    /// each page and "Page N of M" at the bottom.
    func setUpPrinting(_ worksheet: UnsafeMutablePointer<lxw_worksheet>, title: String, gridlines: Bool) throws {
        worksheet_set_landscape(worksheet)
        worksheet_fit_to_pages(worksheet, 1, 0)
        worksheet_set_margins(worksheet, 0.5, 0.5, 0.75, 0.6)
        worksheet_gridlines(
            worksheet, UInt8(gridlines ? LXW_SHOW_ALL_GRIDLINES.rawValue : LXW_HIDE_ALL_GRIDLINES.rawValue))
        var options = lxw_header_footer_options()
        options.margin = 0.3
        let left = Self.headerText(printHeading ?? "", limit: 120)
        let right = Self.headerText(title, limit: 100)
        var header = ""
        if !left.isEmpty { header += "&L" + left }
        if !right.isEmpty { header += "&R" + right }
        if header.utf8.count > 255 { header = "&R" + Self.headerText(title, limit: 60) }
        if !header.isEmpty {
            try check(worksheet_set_header_opt(worksheet, header, &options), "setting the page header")
        }
        try check(worksheet_set_footer_opt(worksheet, "&CPage &P of &N", &options), "setting the page footer")
    }

    /// Text for a page header: `&` doubled (a lone one starts a control code), cut so the
    /// whole header stays within Excel's 255 characters.
    static func headerText(_ text: String, limit: Int) -> String {
        var clean = TextSanitizer.forXLSX(text).replacingOccurrences(of: "\n", with: " ")
        if clean.count > limit { clean = String(clean.prefix(limit - 1)) + "…" }
        return clean.replacingOccurrences(of: "&", with: "&&")
    }

    /// Sets column widths in characters, capped at `maxColumnWidth`.
    func setWidths(_ widths: [Int], worksheet: UnsafeMutablePointer<lxw_worksheet>) throws {
        for (index, width) in widths.enumerated() {
            let width = Double(min(Self.maxColumnWidth, max(6, width)))
            try check(
                worksheet_set_column(worksheet, UInt16(index), UInt16(index), width, nil), "setting column widths")
        }
    }

    // MARK: - Private

    private func setProperties(_ properties: Properties) throws {
        guard let workbook else { return }
        var strings: [UnsafeMutablePointer<CChar>?] = []
        defer { strings.forEach { free($0) } }
        func duplicate(_ text: String?) -> UnsafeMutablePointer<CChar>? {
            guard let text else { return nil }
            let copy = strdup(TextSanitizer.forXLSX(text))
            strings.append(copy)
            return copy
        }
        var docProperties = lxw_doc_properties()
        docProperties.title = duplicate(properties.title)
        docProperties.subject = duplicate(properties.subject)
        docProperties.author = duplicate(properties.author)
        // Which ticketreport wrote the file, in File › Info › Comments, whoever calls.
        docProperties.comments = duplicate("Written by \(ToolVersion.product)")
        docProperties.created = time_t((properties.created ?? Date()).timeIntervalSince1970)
        try check(workbook_set_properties(workbook, &docProperties), "setting the document properties")
    }

    private func openSheet(named name: String, part: Int) throws {
        guard let table else { return }
        let worksheet = try addWorksheet(named: name)
        var numberFormats: [UnsafeMutablePointer<lxw_format>?] = []
        for column in table.columns {
            numberFormats.append(try Self.formatCode(for: column.format).map { try numberFormat($0) })
        }
        let sheet = SheetState(
            worksheet: worksheet, name: name, part: part, columns: table.columns, numberFormats: numberFormats)
        for (index, column) in table.columns.enumerated() {
            try writeString(column.label, worksheet: worksheet, row: 0, column: UInt16(index), format: headerFormat)
        }
        // Beside the header, outside the print area; written now because a constant-memory
        // sheet takes its cells row by row.
        if printSetup, let summarySheetName, table.columns.count + 1 < Self.maxColumns {
            try writeInternalLink(
                to: summarySheetName, text: "← Summary", worksheet: worksheet, row: 0,
                column: UInt16(table.columns.count + 1))
        }
        worksheet_freeze_panes(worksheet, 1, 0)
        current = sheet
    }

    private func continueTable(_ table: TableState) throws -> SheetState {
        try finishCurrentSheet()
        table.parts += 1
        let suffix = " (\(table.parts))"
        var name = SheetNamer.cut(table.firstSheetName, to: SheetNamer.maxLength - suffix.utf16.count) + suffix
        name = namer.isFree(name) ? namer.claim(name) : namer.claim(table.firstSheetName)
        report.diagnostics.append(
            "sheet \"\(table.firstSheetName)\" reached Excel's limit of \(sheetRowLimit) rows; continued on \"\(name)\""
        )
        try openSheet(named: name, part: table.parts)
        guard let sheet = current else { throw ExportError.misuse("continuation sheet was not opened") }
        return sheet
    }

    func finishTable() {
        guard let table else { return }
        self.table = nil
        if table.dropped > 0 {
            report.droppedRows += table.dropped
            report.diagnostics.append(
                "sheet \"\(table.firstSheetName)\" holds the first \(table.rows) rows; \(table.dropped) more were left out"
                    + " (raise the row cap to include them)")
        }
    }

    private func finish(_ sheet: SheetState) throws {
        let lastRow = sheet.nextRow - 1
        let lastColumn = UInt16(sheet.columns.count - 1)
        try check(worksheet_autofilter(sheet.worksheet, 0, 0, lastRow, lastColumn), "adding the autofilter")
        try setWidths(sheet.widths, worksheet: sheet.worksheet)
        // Printed: the table alone (not the chart or the link beside it), its header row on
        // every page, gridlines as the cell borders this sheet does not draw.
        if printSetup {
            let title = table.map { sheet.part > 1 ? "\($0.title) (\(sheet.part))" : $0.title } ?? sheet.name
            try setUpPrinting(sheet.worksheet, title: title, gridlines: true)
            try check(worksheet_print_area(sheet.worksheet, 0, 0, lastRow, lastColumn), "setting the print area")
        } else {
            worksheet_set_landscape(sheet.worksheet)
            worksheet_fit_to_pages(sheet.worksheet, 1, 0)
        }
        try check(worksheet_repeat_rows(sheet.worksheet, 0, 0), "setting the print titles")
        report.sheets.append(
            XLSXWriteReport.Sheet(
                name: sheet.name, dataRows: Int(lastRow),
                continues: sheet.part > 1 ? table?.firstSheetName : nil))
        if let spec = table?.chart, lastRow >= 1 {
            // A bar or line chart goes on the first sheet of a table; a colour scale on every part.
            if spec.kind == .heatmap || sheet.part == 1 {
                try addChart(spec, to: sheet, lastRow: lastRow)
            }
        }
    }

    private func write(
        _ value: CellValue, row: UInt32, column: Int, in sheet: SheetState, sampleWidth: Bool
    ) throws {
        let columnFormat = sheet.columns[column].format
        let worksheet = sheet.worksheet
        let col = UInt16(column)
        var width = 0
        switch value {
        case .null:
            return
        case .integer(let integer):
            switch columnFormat {
            case .duration:
                try writeNumber(
                    Double(integer) / 86400, worksheet: worksheet, row: row, column: col,
                    format: sheet.numberFormats[column])
                if sampleWidth { width = Self.durationWidth(seconds: Double(integer)) }
            case .date, .datetime, .text:
                try writeInteger(integer, worksheet: worksheet, row: row, column: col, format: nil)
                if sampleWidth { width = String(integer).utf8.count }
            case .integer, .number, .percent, .hours:
                try writeInteger(
                    integer, worksheet: worksheet, row: row, column: col, format: sheet.numberFormats[column])
                if sampleWidth { width = ValueFormatter.format(value, as: columnFormat).utf8.count }
            }
        case .real(let real):
            guard real.isFinite else {
                let text = try writeString(ValueFormatter.plain(real), worksheet: worksheet, row: row, column: col)
                if sampleWidth { width = text.utf8.count }
                break
            }
            switch columnFormat {
            case .duration:
                try writeNumber(
                    real / 86400, worksheet: worksheet, row: row, column: col,
                    format: sheet.numberFormats[column])
                if sampleWidth { width = Self.durationWidth(seconds: real) }
            case .date, .datetime, .text:
                try writeNumber(real, worksheet: worksheet, row: row, column: col)
                if sampleWidth { width = min(12, ValueFormatter.plain(real).utf8.count) }
            case .integer, .number, .percent, .hours:
                try writeNumber(real, worksheet: worksheet, row: row, column: col, format: sheet.numberFormats[column])
                if sampleWidth { width = ValueFormatter.format(value, as: columnFormat).utf8.count }
            }
        case .text(let text):
            if columnFormat == .date || columnFormat == .datetime, let serial = ExcelDate.serial(fromStoreText: text) {
                try writeNumber(
                    serial, worksheet: worksheet, row: row, column: col, format: sheet.numberFormats[column])
                if sampleWidth { width = columnFormat == .date ? 10 : 16 }
            } else {
                // A string, whatever it starts with: "=HYPERLINK(…)" from a ticket stays text.
                let written = try writeString(text, worksheet: worksheet, row: row, column: col)
                if sampleWidth { width = Self.textWidth(written) }
            }
        }
        if sampleWidth, width + 1 > sheet.widths[column] { sheet.widths[column] = width + 1 }
    }

    /// Integers past 2^53 would silently change as Excel doubles; they stay exact as text.
    private func writeInteger(
        _ integer: Int64, worksheet: UnsafeMutablePointer<lxw_worksheet>, row: UInt32, column: UInt16,
        format: UnsafeMutablePointer<lxw_format>?
    ) throws {
        if integer.magnitude > 1 << 53 {
            try writeString(String(integer), worksheet: worksheet, row: row, column: column)
        } else {
            try writeNumber(Double(integer), worksheet: worksheet, row: row, column: column, format: format)
        }
    }

    static func formatCode(for format: ColumnFormat) -> String? {
        switch format {
        case .integer: return "#,##0"
        case .number: return "#,##0.00"
        case .percent: return "0.0%"
        case .hours: return "0.0"
        case .duration: return "[h]:mm"
        case .date: return "yyyy-mm-dd"
        case .datetime: return "yyyy-mm-dd hh:mm"
        case .text: return nil
        }
    }

    private static func durationWidth(seconds: Double) -> Int {
        let hours = Int64(abs(seconds) / 3600)
        return String(hours).utf8.count + 3 + (seconds < 0 ? 1 : 0)
    }

    static func textWidth(_ text: String) -> Int {
        if text.utf8.count > maxColumnWidth * 4 { return maxColumnWidth }
        var widest = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            widest = max(widest, DisplayWidth.of(String(line)))
        }
        return widest
    }
}
