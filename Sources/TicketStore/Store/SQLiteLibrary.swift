import GRDBSQLite

extension TicketStore {
    /// The version of the SQLite library this binary runs on (not the one it was built against).
    package static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
