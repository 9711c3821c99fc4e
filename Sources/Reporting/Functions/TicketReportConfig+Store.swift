import Config
import TicketStore

extension TicketReportConfig {
    /// Opens the store read-only with this configuration's calendar and SQL functions, which
    /// is what every report expects (installed natively: ``ReportFunctions/native(config:)``).
    ///
    ///     let store = try config.openStore()
    ///
    /// - Parameter path: overrides `store` (the CLI's `--db`).
    package func openStore(path: String? = nil) throws(ReportError) -> TicketStore {
        do {
            return try TicketStore(
                path: path ?? store, access: .readOnly, calendar: calendar,
                nativeFunctions: ReportFunctions.native(config: self))
        } catch {
            throw ReportError(.store, error.message)
        }
    }
}
