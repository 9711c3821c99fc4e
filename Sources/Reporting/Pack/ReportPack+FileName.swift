extension ReportPack {
    /// The pack's file name without extension: `support-2026-10`, `support-2026-Q3`,
    /// `support-2026`, and for one source's pack `support-2026-10-NAME` with the name made
    /// file-safe (``StoreSources/fileSafe(_:)``).
    package var fileBaseName: String {
        "support-\(period)" + (source.map { "-" + StoreSources.fileSafe($0) } ?? "")
    }
}
