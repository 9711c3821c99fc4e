import Config
import Reporting
import Testing

/// Inputs found by `make fuzz` (Tests/Fuzz/report-front-matter, Tests/Fuzz/config).
@Suite struct FuzzRegressionTests {
    func configError(_ yaml: String) -> ConfigurationError? {
        do {
            _ = try TicketReportConfig.parse(yaml: yaml, file: "ticketreport.yaml")
            return nil
        } catch {
            return error
        }
    }

    /// `hours: 1e300` trapped converting the target to Int64 seconds (the process died);
    /// a target under half a second became 0 s.
    @Test func slaHoursOutOfRangeAreErrors() {
        let message = "expected a target of at least 1 second and at most 1000000 hours"
        for hours in ["1e300", "3e15", "1000001", "0.0001", "1e-300"] {
            let error = configError("sla:\n  first_response:\n    High: { hours: \(hours) }\n")
            #expect(error?.description == "ticketreport.yaml:3: sla.first_response.High.hours: \(message)", "\(hours)")
        }
        #expect(configError("sla: { first_response: { High: { hours: 1000000 }, Low: { hours: 0.0003 } } }\n") == nil)
    }

    /// libyaml ends an unterminated last line with a line break of its own, so an error at
    /// the end of the stream named a line past the end of the file (`ticketreport.yaml:2`
    /// for the one-line file `{`).
    @Test func errorsAtTheEndOfTheTextPointAtItsLastLine() throws {
        #expect(configError("{")?.line == 1)
        #expect(configError("store: x\nsource: [")?.line == 2)
        #expect(configError("store: x\r\nsource: {")?.line == 2)
        #expect(configError("store: x\nsource: [\n")?.line == 3)  // the empty line after the break

        let header = "/*::::\n:::::\nx*/ SELECT 1"
        do {
            _ = try ReportDefinition(name: "fuzz", file: "reports/fuzz.sql", text: header)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "reports/fuzz.sql")
            #expect(error.line.map { (1...3).contains($0) } == true, "\(error)")
        }
    }
}
