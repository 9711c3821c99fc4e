/// What an XLSX export wrote: the sheets with their row counts, and anything worth telling the user.
public struct XLSXWriteReport: Sendable, Equatable {
    /// One worksheet of the workbook.
    public struct Sheet: Sendable, Equatable {
        /// The name as it appears on the tab (cleaned, cut to 31 characters, unique).
        public var name: String
        /// Data rows on this sheet, not counting the header row (for the summary sheet: rows used).
        public var dataRows: Int
        /// For a sheet that continues a table past Excel's row limit, the first sheet's name.
        public var continues: String?

        public init(name: String, dataRows: Int, continues: String? = nil) {
            self.name = name
            self.dataRows = dataRows
            self.continues = continues
        }
    }

    /// Every sheet in workbook order.
    public var sheets: [Sheet] = []
    /// Rows left out because of the `maxRows` cap, over all tables.
    public var droppedRows: Int = 0
    /// Text cells cut to Excel's 32,767-character limit.
    public var truncatedCells: Int = 0
    /// One line each, for the user: continuations, truncations, skipped charts.
    public var diagnostics: [String] = []

    public init() {}
}
