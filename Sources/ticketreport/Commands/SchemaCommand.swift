import ArgumentParser
import Foundation
import TicketStore

/// `ticketreport schema`: the tables and columns, for writing ad-hoc SQL.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Show the store's tables and columns with their meaning.")

    @Flag(help: "Print Markdown (the README's schema section) instead of text.")
    var markdown = false

    func run() throws {
        let text = markdown ? SchemaDocumentation.markdown() : SchemaDocumentation.text()
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
