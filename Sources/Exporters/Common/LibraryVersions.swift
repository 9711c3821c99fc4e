import CXLSXWriter

/// The versions of the C libraries the exporters run on, for `--version`.
package enum ExporterLibraries {
    /// libxlsxwriter's version as the linked library reports it.
    package static var xlsxwriterVersion: String { String(cString: lxw_version()) }
}
