// libFuzzer entry for a report file: the leading /* YAML */ header (through Yams/libyaml)
// and the SQL scan behind it.
//
// Built by Tests/Fuzz/run.sh into the module "Reporting" together with every Reporting
// source (Yams, GRDB, HelpdeskAPI, Config and TicketStore are prebuilt libraries), so `internal`
// API is reachable. Both loaders run: a report file's, and an ad-hoc query's (implicit
// parameters). Besides "does not crash", a thrown ReportError must be an invalid definition
// that names the file and, when it has a line, a line inside the text; a loaded report's
// parameters, columns and chart must carry lines inside the text too.
let file = "reports/fuzz.sql"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReportFrontMatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Lines as YAML or Swift might count them: every line-break scalar starts one.
    let lastLine =
        1 + text.unicodeScalars.filter { "\n\r\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count
    func inText(_ line: Int) -> Bool { (1...lastLine).contains(line) }

    for implicit in [false, true] {
        do {
            let definition = try ReportDefinition(name: "fuzz", file: file, text: text, implicitParameters: implicit)
            guard definition.sql == text, definition.file == file else { fatalError("the definition lost its text") }
            for parameter in definition.parameters where definition.hasHeader {
                guard ReportDefinition.isIdentifier(parameter.name), inText(parameter.line) else {
                    fatalError("parameter \(parameter.name.debugDescription) at line \(parameter.line) of \(lastLine)")
                }
            }
            for column in definition.columns where !inText(column.line) {
                fatalError("column \(column.name.debugDescription) at line \(column.line) of \(lastLine)")
            }
            if let chart = definition.chart, !inText(chart.line) {
                fatalError("chart at line \(chart.line) of \(lastLine)")
            }
            _ = definition.undeclaredParameterNames
            _ = definition.boundNames
        } catch {
            guard error.kind == .invalidDefinition, error.file == file,
                error.description.hasPrefix(file + ":"), !error.problem.isEmpty
            else { fatalError("unexpected error \(error.kind): \(error.description.debugDescription)") }
            if let line = error.line, !inText(line) {
                fatalError("error at line \(line) of \(lastLine): \(error.description.debugDescription)")
            }
        }
    }
    return 0
}
