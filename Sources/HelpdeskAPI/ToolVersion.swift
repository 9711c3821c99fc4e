/// ticketreport's version: the one place it is written. `--version`, the User-Agent of
/// requests to the helpdesk and the metadata of every XLSX and HTML file read it from here,
/// and a test holds CHANGELOG.md's newest release to it.
package enum ToolVersion {
    package static let number = "0.1.0"
    /// `ticketreport/0.1.0`, as a User-Agent and a generator name.
    package static var product: String { "ticketreport/\(number)" }
}
