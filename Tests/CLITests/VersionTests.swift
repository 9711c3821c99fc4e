import Foundation
import TestSupport
import Testing

/// `--version` says what a support ticket about the tool needs: its version, the commit, and
/// the SQLite and libxlsxwriter it runs on.
@Suite("Version")
struct VersionTests {
    @Test func versionNamesTheToolTheCommitAndTheLibraries() throws {
        let result = try CommandLineRunner.run(["--version"])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.count == 2, "\(result)")
        let first = lines.first ?? ""
        // Built from this checkout, so the commit is known: 12 hex digits, `+` with local changes.
        #expect(
            first.range(of: #"^ticketreport \d+\.\d+\.\d+ \(commit [0-9a-f]{12}\+?\)$"#, options: .regularExpression)
                != nil, "\(first)")
        #expect(
            lines.last?.range(of: #"^SQLite 3\.\d+\.\d+, libxlsxwriter \d+\.\d+\.\d+$"#, options: .regularExpression)
                != nil, "\(result)")
    }

    /// The version lives in one place (ToolVersion); the changelog's newest release is it.
    @Test func theChangelogsNewestReleaseIsThisVersion() throws {
        let version = try CommandLineRunner.run(["--version"]).stdout.split(separator: " ").dropFirst().first.map(
            String.init)
        let changelog = try String(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let newest = changelog.split(whereSeparator: \.isNewline).first {
            $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]")
        }
        #expect(newest?.hasPrefix("## [\(version ?? "?")]") == true, "\(newest ?? "no release in CHANGELOG.md")")
    }
}
