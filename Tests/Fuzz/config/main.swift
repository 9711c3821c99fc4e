// libFuzzer entry for `ticketreport.yaml`: TicketReportConfig.parse(yaml:file:baseDirectory:)
// (through Yams/libyaml).
//
// Built by Tests/Fuzz/run.sh into the module "Config" together with every Config source
// (Yams and HelpdeskAPI are prebuilt libraries). Besides "does not crash", a thrown
// ConfigurationError must name the file and, when it has a line, a line inside the text; a parsed configuration must keep what
// the rest of the program relies on: seven weekday windows that open before they close,
// at least one closed status, positive finite SLA targets, the file as its path.
import Foundation

let file = "fuzz/ticketreport.yaml"
let baseDirectory = URL(fileURLWithPath: "/tmp/fuzz-config")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lastLine =
        1 + text.unicodeScalars.filter { "\n\r\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count

    for base in [nil, baseDirectory] {
        do {
            let config = try TicketReportConfig.parse(yaml: text, file: file, baseDirectory: base)
            guard config.path == file else { fatalError("path \(String(describing: config.path))") }
            guard config.businessHours.count == 7 else { fatalError("\(config.businessHours.count) weekdays") }
            for window in config.businessHours.compactMap({ $0 }) {
                guard 0 <= window.open, window.open < window.close, window.close <= 86_400 else {
                    fatalError("window \(window.open)-\(window.close)")
                }
            }
            guard !config.closedStatuses.isEmpty, !config.closedStatuses.contains("") else {
                fatalError("closed statuses \(config.closedStatuses)")
            }
            for target in Array(config.sla.targets.values) + [config.sla.fallback] {
                guard target.hours.isFinite, target.hours > 0 else { fatalError("SLA target \(target.hours) h") }
            }
            guard !config.store.isEmpty else { fatalError("empty store path") }
            _ = config.calendar
            _ = config.isClosed("Closed")
        } catch {
            guard error.file == file, error.description.hasPrefix(file + ":"), !error.problem.isEmpty
            else { fatalError("unexpected error: \(error.description.debugDescription)") }
            if let line = error.line, !(1...lastLine).contains(line) {
                fatalError("error at line \(line) of \(lastLine): \(error.description.debugDescription)")
            }
        }
    }
    return 0
}
