import Config
import GRDB
import GRDBSQLite
import HelpdeskAPI

/// A scalar SQL function installed through SQLite's C API, for functions a report calls once
/// per row: its arguments are read in place and its result set directly.
///
/// GRDB's `DatabaseFunction` boxes every call's arguments into `[DatabaseValue]` (a String per
/// text argument); on a million-ticket store that costs 0.4–1 µs per call, more than SQLite
/// spends on the row. A native function costs tens of nanoseconds, as a C extension does.
/// The rules stay in Swift: the body sees the arguments through ``NativeSQLArguments``.
///
///     let isHigh = NativeSQLFunction("is_high", argumentCount: 1) { arguments in
///         guard let text = arguments.string(0) else { return .null }
///         return .integer(text == "High" ? 1 : 0)
///     }
///     let store = try TicketStore(path: path, access: .readOnly, nativeFunctions: [isHigh])
package struct NativeSQLFunction: Sendable {
    package let name: String
    package let argumentCount: Int
    /// Same result for the same arguments (SQLITE_DETERMINISTIC).
    package let isPure: Bool
    let kind: Kind

    enum Kind: Sendable {
        case scalar(@Sendable (NativeSQLArguments) -> NativeSQLResult)
        /// `PERCENTILE.INC` of argument 0; the fraction is `fixed`, else argument 1.
        case percentile(fixed: Double?)
    }

    package init(
        _ name: String, argumentCount: Int, pure: Bool = true,
        _ body: @escaping @Sendable (NativeSQLArguments) -> NativeSQLResult
    ) {
        self.init(name: name, argumentCount: argumentCount, isPure: pure, kind: .scalar(body))
    }

    init(name: String, argumentCount: Int, isPure: Bool, kind: Kind) {
        self.name = name
        self.argumentCount = argumentCount
        self.isPure = isPure
        self.kind = kind
    }

    /// Installs the functions on a connection (replacing any of the same name and arity).
    package static func install(_ functions: [NativeSQLFunction], in db: Database) throws {
        for function in functions {
            let flags = SQLITE_UTF8 | (function.isPure ? SQLITE_DETERMINISTIC : 0)
            let code: CInt
            switch function.kind {
            case .scalar(let body):
                let box = Unmanaged.passRetained(ScalarBox(body)).toOpaque()
                code = sqlite3_create_function_v2(
                    db.sqliteConnection, function.name, CInt(function.argumentCount), flags, box,
                    { context, argc, argv in
                        let body = Unmanaged<ScalarBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
                        body.call(NativeSQLArguments(argv: argv, count: Int(argc))).report(in: context)
                    }, nil, nil,
                    { box in box.map { Unmanaged<ScalarBox>.fromOpaque($0).release() } })
            case .percentile(let fixed):
                let box = Unmanaged.passRetained(PercentileBox(fixed: fixed)).toOpaque()
                code = sqlite3_create_function_v2(
                    db.sqliteConnection, function.name, CInt(function.argumentCount), flags, box, nil,
                    { context, argc, argv in
                        PercentileState.step(context, NativeSQLArguments(argv: argv, count: Int(argc)))
                    },
                    { context in PercentileState.finalize(context) },
                    { box in box.map { Unmanaged<PercentileBox>.fromOpaque($0).release() } })
            }
            guard code == SQLITE_OK else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: "cannot install \(function.name)()")
            }
        }
    }
}

/// What a native function returns.
package enum NativeSQLResult: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)

    /// 1 or 0, as GRDB stores a Bool; NULL for nil.
    package static func bool(_ value: Bool?) -> NativeSQLResult {
        value.map { .integer($0 ? 1 : 0) } ?? .null
    }

    fileprivate func report(in context: OpaquePointer?) {
        switch self {
        case .null: sqlite3_result_null(context)
        case .integer(let value): sqlite3_result_int64(context, value)
        case .real(let value): sqlite3_result_double(context, value)
        }
    }
}

/// The arguments of one call, read in place: valid only during the call.
///
/// Values convert as GRDB's would: text is TEXT up to its first NUL, or a BLOB's bytes;
/// numbers are INTEGER or REAL, never text.
package struct NativeSQLArguments {
    let argv: UnsafeMutablePointer<OpaquePointer?>?
    package let count: Int

    private func value(_ index: Int) -> OpaquePointer? {
        guard index < count, let argv else { return nil }
        return argv[index]
    }

    package func isNull(_ index: Int) -> Bool {
        sqlite3_value_type(value(index)) == SQLITE_NULL
    }

    /// The UTF-8 bytes of a TEXT or BLOB argument (nil otherwise), without copying.
    package func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        let value = value(index)
        switch sqlite3_value_type(value) {
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return nil }
            let all = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
            // GRDB reads text as a C string: up to the first NUL.
            return UnsafeBufferPointer(rebasing: all[..<(all.firstIndex(of: 0) ?? all.endIndex)])
        case SQLITE_BLOB:
            let count = Int(sqlite3_value_bytes(value))
            guard count > 0, let blob = sqlite3_value_blob(value) else {
                return UnsafeBufferPointer(start: nil, count: 0)
            }
            return UnsafeBufferPointer(start: blob.assumingMemoryBound(to: UInt8.self), count: count)
        default:
            return nil
        }
    }

    /// A TEXT (or UTF-8 BLOB) argument as a String.
    package func string(_ index: Int) -> String? {
        guard let bytes = bytes(index) else { return nil }
        if sqlite3_value_type(value(index)) == SQLITE_BLOB {
            // GRDB reads a blob as UTF-8 and gives nil when it is not.
            var iterator = bytes.makeIterator()
            var utf8 = UTF8()
            while true {
                switch utf8.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: return String(decoding: bytes, as: UTF8.self)
                case .error: return nil
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A store timestamp argument (`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`), parsed in place.
    package func localDateTime(_ index: Int) -> LocalDateTime? {
        bytes(index).flatMap { LocalDateTime(utf8: $0) }
    }

    /// An INTEGER or REAL argument as a Double (nil for anything else).
    package func double(_ index: Int) -> Double? {
        let value = value(index)
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return Double(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return sqlite3_value_double(value)
        default: return nil
        }
    }
}

private final class ScalarBox: Sendable {
    let call: @Sendable (NativeSQLArguments) -> NativeSQLResult
    init(_ call: @escaping @Sendable (NativeSQLArguments) -> NativeSQLResult) { self.call = call }
}

private final class PercentileBox: Sendable {
    let fixed: Double?
    init(fixed: Double?) { self.fixed = fixed }
}

/// One group's values for `median`/`percentile`, owned by SQLite's aggregate context
/// between the first step and the final call.
private final class PercentileState {
    var values: [Double] = []
    var fraction: Double?

    static let badFraction = "percentile(x, p): p must be a number between 0 and 1"

    /// The state in the aggregate context, created on first use; nil when SQLite is out of memory.
    static func state(_ context: OpaquePointer?, create: Bool) -> Unmanaged<PercentileState>? {
        let size = CInt(MemoryLayout<UnsafeMutableRawPointer?>.size)
        guard let slot = sqlite3_aggregate_context(context, create ? size : 0) else { return nil }
        let pointer = slot.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        if let existing = pointer.pointee { return Unmanaged.fromOpaque(existing) }
        guard create else { return nil }
        let state = Unmanaged.passRetained(PercentileState())
        pointer.pointee = state.toOpaque()
        return state
    }

    static func step(_ context: OpaquePointer?, _ arguments: NativeSQLArguments) {
        guard let state = state(context, create: true)?.takeUnretainedValue() else {
            sqlite3_result_error_nomem(context)
            return
        }
        let box = Unmanaged<PercentileBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
        if state.fraction == nil {
            if let fixed = box.fixed {
                state.fraction = fixed
            } else {
                guard let fraction = arguments.double(1), fraction >= 0, fraction <= 1 else {
                    sqlite3_result_error(context, badFraction, -1)
                    return
                }
                state.fraction = fraction
            }
        }
        if let value = arguments.double(0) { state.values.append(value) }
    }

    static func finalize(_ context: OpaquePointer?) {
        guard let unmanaged = state(context, create: false) else {
            sqlite3_result_null(context)  // no row: NULL, as for no non-NULL value
            return
        }
        let state = unmanaged.takeRetainedValue()  // released when this returns
        if let result = SQLFunctions.percentile(sorted: state.values.sorted(), state.fraction ?? 0.5) {
            sqlite3_result_double(context, result)
        } else {
            sqlite3_result_null(context)
        }
    }
}

extension SQLFunctions {
    /// `median`, `percentile` and `business_seconds` as native functions: what every store
    /// connection installs (``all(calendar:)`` is the same rules as GRDB functions).
    package static func native(calendar: BusinessCalendar) -> [NativeSQLFunction] {
        [
            NativeSQLFunction(name: "median", argumentCount: 1, isPure: true, kind: .percentile(fixed: 0.5)),
            NativeSQLFunction(name: "percentile", argumentCount: 2, isPure: true, kind: .percentile(fixed: nil)),
            NativeSQLFunction("business_seconds", argumentCount: 2) { arguments in
                guard let start = arguments.localDateTime(0), let end = arguments.localDateTime(1) else { return .null }
                return .integer(calendar.businessSeconds(from: start, to: end))
            },
        ]
    }
}
