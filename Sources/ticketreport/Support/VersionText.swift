import Exporters
import HelpdeskAPI
import TicketStore

/// What `ticketreport --version` prints: the version, the commit it was built from when
/// known, and the C libraries it runs on, which decide file formats and SQL behaviour.
///
///     ticketreport 0.1.0 (commit 3f2a9c1d04be)
///     SQLite 3.40.1, libxlsxwriter 1.1.4
enum VersionText {
    static var text: String {
        let commit = BuildCommit.value.map { " (commit \($0))" } ?? ""
        return "ticketreport \(ToolVersion.number)\(commit)\n"
            + "SQLite \(TicketStore.sqliteVersion), libxlsxwriter \(ExporterLibraries.xlsxwriterVersion)"
    }
}
