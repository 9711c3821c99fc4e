import ArgumentParser

/// Every subcommand, in the order `--help` lists them.
enum CommandRegistry {
    static let all: [any ParsableCommand.Type] = [
        IngestCommand.self,
        SyncCommand.self,
        ReportCommand.self,
        QueryCommand.self,
        ExportCommand.self,
        WorkbookCommand.self,
        SchemaCommand.self,
        RebuildCommand.self,
        CheckCommand.self,
        ConfigCommand.self,
        MonthlyCommand.self,
        DemoCommand.self,
    ]
}
