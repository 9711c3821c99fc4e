import ArgumentParser
import Reporting

/// `--month` or `--from/--to`: the period, parsed once, as the argument is read.
struct PeriodOptions: ParsableArguments {
    @Option(
        help: "The month, YYYY-MM (reports default to the last complete month in the store).",
        transform: { try ReportMonth(parsing: $0) })
    var month: ReportMonth?

    @Option(help: "First day, YYYY-MM-DD (with --to, instead of --month).", transform: dateArgument("from"))
    var from: ReportDate?

    @Option(help: "Last day, inclusive, YYYY-MM-DD.", transform: dateArgument("to"))
    var to: ReportDate?

    func validate() throws {
        do { _ = try period } catch { throw ValidationError(error.problem) }
    }

    /// The period given, nil when none is.
    var period: ReportPeriod? {
        get throws(ReportError) { try ReportPeriod.given(month: month, from: from, to: to) }
    }
}

/// `--param name=value`.
struct ParamOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: "A report parameter, name=value (repeatable).")
    var params: [String] = []

    func validate() throws {
        do { _ = try ReportArguments.parse(period: nil, params: params) } catch { throw ValidationError(error.problem) }
    }

    func arguments(_ period: PeriodOptions) throws -> ReportArguments {
        try ReportArguments.parse(period: try period.period, params: params)
    }
}

private func dateArgument(_ name: String) -> @Sendable (String) throws -> ReportDate {
    { try ReportDate(parsing: $0, parameter: name) }
}
