/// What an XLSX export wrote: the sheets with their row counts, and anything worth telling the user.
package struct XLSXWriteReport: Sendable, Equatable {
    /// One worksheet of the workbook.
    package struct Sheet: Sendable, Equatable {
        /// The name as it appears on the tab (cleaned, cut to 31 characters, unique).
        package var name: String
        /// Data rows on this sheet, not counting the header row (for the summary sheet: rows used).
        package var dataRows: Int
        /// For a sheet that continues a table past Excel's row limit, the first sheet's name.
        package var continues: String?

        package init(name: String, dataRows: Int, continues: String? = nil) {
            self.name = name
            self.dataRows = dataRows
            self.continues = continues
        }
    }

    /// Every sheet in workbook order.
    package var sheets: [Sheet] = []
    /// Rows left out because of the `maxRows` cap, over all tables.
    package var droppedRows: Int = 0
    /// Text cells cut to Excel's 32,767-character limit.
    package var truncatedCells: Int = 0
    /// One line each, for the user: continuations, truncations, skipped charts.
    package var diagnostics: [String] = []

    package init() {}
}
