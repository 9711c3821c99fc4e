import ArgumentParser
import Reporting

/// `--month`, `--quarter` or `--year`: a calendar period, parsed once, as the argument is read.
struct CalendarPeriodOptions: ParsableArguments {
    @Option(
        help: "The month, YYYY-MM (reports default to the last complete month in the store).",
        transform: { try ReportMonth(parsing: $0) })
    var month: ReportMonth?

    @Option(
        help: "A quarter instead of a month, YYYY-QN (e.g. 2026-Q3); compared with the quarter before.",
        transform: { try ReportQuarter(parsing: $0) })
    var quarter: ReportQuarter?

    @Option(
        help: "A year instead of a month, YYYY; compared with the year before.",
        transform: { try ReportYear(parsing: $0) })
    var year: ReportYear?

    func validate() throws {
        do { _ = try period } catch { throw ValidationError(error.problem) }
    }

    /// The period given, nil when none is.
    var period: ReportPeriod? {
        get throws(ReportError) {
            try ReportPeriod.given(month: month, quarter: quarter, year: year, from: nil, to: nil)
        }
    }
}

/// `--month`, `--quarter`, `--year` or `--from/--to`: the period, parsed once, as the argument is read.
struct PeriodOptions: ParsableArguments {
    @OptionGroup var calendar: CalendarPeriodOptions

    @Option(help: "First day, YYYY-MM-DD (with --to, instead of --month).", transform: dateArgument("from"))
    var from: ReportDate?

    @Option(help: "Last day, inclusive, YYYY-MM-DD.", transform: dateArgument("to"))
    var to: ReportDate?

    func validate() throws {
        do { _ = try period } catch { throw ValidationError(error.problem) }
    }

    /// The period given, nil when none is.
    var period: ReportPeriod? {
        get throws(ReportError) {
            try ReportPeriod.given(
                month: calendar.month, quarter: calendar.quarter, year: calendar.year, from: from, to: to)
        }
    }
}

/// `--source NAME`: one helpdesk source's figures (binds `:source`; all sources without it).
struct SourceOptions: ParsableArguments {
    @Option(help: "Only this helpdesk source (as given to ingest --source; default: all of them).")
    var source: String?
}

/// `--param name=value`.
struct ParamOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: "A report parameter, name=value (repeatable).")
    var params: [String] = []

    func validate() throws {
        do { _ = try ReportArguments.parse(period: nil, params: params) } catch { throw ValidationError(error.problem) }
    }

    func arguments(_ period: PeriodOptions, source: String? = nil) throws -> ReportArguments {
        var arguments = try ReportArguments.parse(period: try period.period, params: params)
        arguments.source = source
        return arguments
    }
}

private func dateArgument(_ name: String) -> @Sendable (String) throws -> ReportDate {
    { try ReportDate(parsing: $0, parameter: name) }
}
