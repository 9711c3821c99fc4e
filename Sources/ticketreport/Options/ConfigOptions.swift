import ArgumentParser
import Config
import Foundation
import Reporting
import TicketStore

/// `--config`: the configuration file, loaded once per command and handed to every stage.
struct ConfigOptions: ParsableArguments {
    @Option(help: "The configuration file (default: ./ticketreport.yaml when it exists).")
    var config: String?

    func load() throws -> TicketReportConfig {
        try TicketReportConfig.resolve(explicitPath: config)
    }
}

/// `--reports-dir`: where reports are looked for first.
struct CatalogOptions: ParsableArguments {
    @Option(help: "Look for reports in this folder first, before ./reports and ./queries.")
    var reportsDir: String?

    func catalog(_ config: TicketReportConfig) -> ReportCatalog {
        ReportCatalog.standard(config: config, reportsDirectory: reportsDir)
    }
}

extension GlobalOptions {
    /// The store, read-only with the configuration's calendar and SQL functions.
    func openStore(_ config: TicketReportConfig) throws -> TicketStore {
        try config.openStore(path: storePath(config))
    }
}
