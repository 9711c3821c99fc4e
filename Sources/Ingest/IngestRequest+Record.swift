import Foundation

extension IngestRequest {
    /// What `ingest_runs.request` records: `range 1-5000`, `open-ended from 4800 + 12 open tickets`.
    package var requestText: String {
        var text: String
        switch selection {
        case .range(let from, let to?): text = "range \(from)-\(to)"
        case .range(let from, nil): text = "open-ended from \(from)"
        case .ids(let ids): text = "\(ids.count) listed ids"
        case .failedOnly: text = "failed ids"
        }
        if !extraIDs.isEmpty { text += " + \(extraIDs.count) " + (purpose == nil ? "open tickets" : "listed ids") }
        return purpose.map { "\($0): \(text)" } ?? text
    }

    /// The options worth recording with a run, as JSON with sorted keys; `client` adds the
    /// client's own (timeout, replies order, TLS). Never a token, secret or query string.
    package func optionsJSON(client: [String: any Sendable] = [:]) -> String {
        let refreshText: String
        switch refresh {
        case .none: refreshText = "none"
        case .all: refreshText = "all"
        case .open: refreshText = "open"
        }
        var options: [String: Any] = [
            "concurrency": concurrency, "rate_per_s": ratePerSecond ?? NSNull(), "retries": retries,
            "refresh": refreshText, "stop_after_missing": stopAfterMissing,
        ]
        for (key, value) in client { options[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: options, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension IngestRequest.Selection {
    /// The ids of an ids file: one per line, or separated by commas, spaces or tabs; `#`
    /// starts a comment.
    ///
    ///     let selection = try IngestRequest.Selection(idsFile: "ids.txt")   // .ids([12, 40, 77])
    package init(idsFile path: String) throws(IngestError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(.invalidRequest, "cannot read the ids file \(path)")
        }
        var ids: [Int] = []
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in content.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }) {
                guard let id = Int(token), id >= 1 else {
                    throw IngestError(
                        .invalidRequest, "\(path) line \(number + 1): '\(token.prefix(40))' is not a ticket id")
                }
                ids.append(id)
            }
        }
        guard !ids.isEmpty else { throw IngestError(.invalidRequest, "\(path) holds no ticket ids") }
        self = .ids(ids)
    }
}

extension IngestRequest.Selection {
    /// Checks a selection given as `ingest`'s flags (exactly one of `--from [--to]`, `--ids`
    /// and `--retry-failed`, a range that runs upwards from 1), without reading any file.
    package static func check(from: Int?, to: Int?, idsFile: String?, retryFailed: Bool) throws(IngestError) {
        let given = [from != nil, idsFile != nil, retryFailed].filter { $0 }.count
        guard given == 1 else {
            throw IngestError(
                .invalidRequest,
                given == 0
                    ? "say which tickets: --from N [--to M], --ids FILE or --retry-failed"
                    : "use only one of --from/--to, --ids and --retry-failed")
        }
        if to != nil, from == nil { throw IngestError(.invalidRequest, "--to needs --from") }
        if let from, from < 1 { throw IngestError(.invalidRequest, "--from must be a ticket id of 1 or more") }
        if let from, let to, to < from {
            throw IngestError(.invalidRequest, "--to \(to) is before --from \(from) (the range runs upwards)")
        }
    }

    /// The selection `ingest`'s flags ask for, reading the ids file when there is one.
    package init(from: Int?, to: Int?, idsFile: String?, retryFailed: Bool) throws(IngestError) {
        try Self.check(from: from, to: to, idsFile: idsFile, retryFailed: retryFailed)
        if let from {
            self = .range(from: from, to: to)
        } else if let idsFile {
            self = try IngestRequest.Selection(idsFile: idsFile)
        } else {
            self = .failedOnly
        }
    }
}
