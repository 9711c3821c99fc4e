import Config
import Foundation
import GRDB
import HelpdeskAPI

/// The SQLite file every stage reads: schema, writes, derived metrics and SQL functions.
///
/// One writer (WAL mode), any number of readers. Open it read-write for ingest and
/// read-only for reports and ad-hoc SQL:
///
///     let store = try TicketStore(path: "tickets.sqlite", access: .readWrite)
///     try await store.write([.ticket(ticket, rawBody: body, attempts: 1, httpStatus: 200)], source: "default")
///
///     let reader = try TicketStore(path: "tickets.sqlite", access: .readOnly)
///     let count = try reader.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM tickets") }
package final class TicketStore: Sendable {
    package enum Access: Sendable { case readWrite, readOnly }

    /// The file's path as given.
    package let path: String
    package let access: Access
    /// The calendar behind `business_seconds()` and stored business-hours figures.
    package let calendar: BusinessCalendar
    /// The helpdesk's clock: `ticket_events.observed_at` is the fetch time on it.
    package let helpdeskTimeZone: TimeZone
    /// The time the tool's own timestamps are taken from (fetch, observation and run times);
    /// the real time, except in tests that replay days.
    let wallClock: @Sendable () -> Date
    let database: any DatabaseWriter

    /// Read access for queries; in read-only mode SQLite itself refuses writes.
    package var reader: any DatabaseReader { database }

    /// Opens (and for read-write, creates or migrates) the store at `path`.
    ///
    /// - Parameters:
    ///   - calendar: the business calendar behind `business_seconds()` and the stored
    ///     business-hours first response times.
    ///   - nativeFunctions: extra SQL functions installed through SQLite's C API
    ///     (``NativeSQLFunction``) on every connection: reports add `is_closed()` and the SLA
    ///     functions of the configuration. They replace built-in ones of the same name and arity.
    ///   - helpdeskTimeZone: the zone of the helpdesk's clock, for `ticket_events.observed_at`.
    ///   - wallClock: where "now" comes from; tests that replay several days pass their own.
    package init(
        path: String, access: Access, calendar: BusinessCalendar = .standard,
        nativeFunctions: [NativeSQLFunction] = [], busyTimeout: TimeInterval = 10,
        helpdeskTimeZone: TimeZone = TimeZone(identifier: "UTC")!,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        self.path = path
        self.access = access
        self.calendar = calendar
        self.helpdeskTimeZone = helpdeskTimeZone
        self.wallClock = wallClock
        let exists = FileManager.default.fileExists(atPath: path)
        if access == .readOnly, !exists {
            throw StoreError(.missing, "no store at \(path) (run `ticketreport ingest` first, or pass --db PATH)")
        }
        if exists, !Self.hasSQLiteHeader(path: path) {
            throw StoreError(.notADatabase, "\(path) is not an SQLite database (check --db)")
        }

        var configuration = Configuration()
        configuration.readonly = access == .readOnly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "ticketreport"
        // median, percentile and business_seconds run once per row of a report: native.
        let native = SQLFunctions.native(calendar: calendar) + nativeFunctions
        configuration.prepareDatabase { db in
            try NativeSQLFunction.install(native, in: db)
            if !db.configuration.readonly {
                // WAL + NORMAL survives a killed process; only a power cut can lose the
                // last committed batch, which the next run fetches again.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            if db.configuration.readonly {
                // Defence in depth on top of SQLITE_OPEN_READONLY: ad-hoc SQL cannot
                // change a pragma or attach another file through this connection.
                try db.execute(sql: "PRAGMA query_only = ON")
            }
        }

        do {
            if access == .readOnly {
                database = try DatabaseQueue(path: path, configuration: configuration)
                try database.read { db in try Self.checkSchema(db, path: path, requireComplete: true) }
            } else {
                if exists { try Self.vetBeforeWriting(path: path, busyTimeout: busyTimeout) }
                let pool = try DatabasePool(path: path, configuration: configuration)
                try pool.write { db in try Self.checkSchema(db, path: path, requireComplete: false) }
                try StoreMigrations.migrator.migrate(pool)
                database = pool
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Refuses files that are not ours, or that a newer ticketreport has written.
    static func checkSchema(_ db: Database, path: String, requireComplete: Bool) throws {
        let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty, !requireComplete { return }
        guard tables.contains("grdb_migrations") else {
            if tables.isEmpty {
                throw StoreError(
                    .missing, "\(path) is empty, not a ticketreport store (run `ticketreport ingest` first)")
            }
            throw StoreError(
                .notADatabase, "\(path) is an SQLite database but not a ticketreport store (check --db)")
        }
        let migrator = StoreMigrations.migrator
        if try migrator.hasBeenSuperseded(db) {
            throw StoreError(
                .newerSchema, "\(path) was written by a newer ticketreport; upgrade ticketreport to read it")
        }
        if requireComplete, try !migrator.hasCompletedMigrations(db) {
            throw StoreError(
                .newerSchema,
                "\(path) uses an older schema; run `ticketreport rebuild` once to upgrade it (and re-derive its tickets)"
            )
        }
    }

    /// Looks at an existing file through a read-only connection before the writer opens it.
    ///
    /// Opening a `DatabasePool` writes at once (it switches the file to WAL and creates and
    /// drops a table), so a file that is not ours, comes from a newer ticketreport or is
    /// corrupt must be refused before that, while its bytes are untouched. `quick_check`
    /// reads the whole file once (about 0.1 s per 100 MB): cheap next to a network ingest,
    /// and it stops a run from writing into a damaged b-tree.
    static func vetBeforeWriting(path: String, busyTimeout: TimeInterval) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        try queue.read { db in
            try checkSchema(db, path: path, requireComplete: false)
            let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
            guard problems == ["ok"] else {
                throw StoreError(
                    .notADatabase,
                    "\(path) is corrupt (SQLite's quick_check failed); nothing was written to it. Restore a backup, or rebuild it with sqlite3's .recover"
                )
            }
        }
    }

    static func hasSQLiteHeader(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        // An empty file is a valid new database as far as SQLite is concerned.
        return header.isEmpty || header == Data("SQLite format 3\0".utf8)
    }

    /// Checks the file's integrity (`PRAGMA integrity_check`); returns "ok" when sound.
    package func integrityCheck() throws(StoreError) -> String {
        do {
            return try database.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            }
        } catch { throw StoreError.wrap(error, path: path) }
    }

    /// Runs a read transaction, mapping SQLite failures to ``StoreError``.
    package func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try database.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs a write transaction, mapping SQLite failures to ``StoreError``.
    package func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The async form of ``write(_:)``, off the caller's thread.
    package func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await database.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}

extension StoreError {
    /// Translates an SQLite error into a one-line message that names the file.
    static func wrap(_ error: any Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else {
            return StoreError(.other, "\(path): \(error)")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError(.notADatabase, "\(path) is not a valid SQLite database or is corrupt (check --db)")
        case .SQLITE_FULL:
            return StoreError(
                .diskFull, "the disk holding \(path) is full; free space and run again (completed tickets are kept)")
        case .SQLITE_READONLY:
            return StoreError(.readOnly, "\(path) is read-only here: this command does not change the store")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.busy, "\(path) is locked by another writer; wait for it to finish and retry")
        case .SQLITE_CANTOPEN:
            return StoreError(.missing, "cannot open \(path) (does the folder exist and is it writable?)")
        case .SQLITE_AUTH:
            return StoreError(.readOnly, "not allowed on a read-only store: \(error.message ?? "")")
        default:
            return StoreError(.other, "\(path): \(error.message ?? "SQLite error \(error.resultCode.rawValue)")")
        }
    }
}
