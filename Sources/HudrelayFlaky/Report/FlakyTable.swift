import Foundation

/// The flaky list as text for people (an aligned table, or GitHub markdown) and as CSV.
public enum FlakyTable {
    /// The columns, in order.
    static let header = [
        "file", "classname", "name", "executed_runs", "flaky_runs", "rate", "rate_low", "rate_high", "flip_rate",
        "retry", "file_rerun", "same_commit", "suspect_node", "first_seen", "last_seen", "sample_failure",
    ]

    static func cells(_ t: FlakyTest) -> [String] {
        let a = t.aggregate
        return [
            a.file, a.classname, a.name, String(a.executed), String(a.flaky), percent(t.rate), percent(t.rateLow),
            percent(t.rateHigh), t.flipRate.map(percent) ?? "", String(a.retry), String(a.fileRerun),
            String(a.sameCommit), t.suspectNode ?? "", a.firstFlaky ?? "", a.lastFlaky ?? "",
            t.sample?.message ?? "",
        ]
    }

    /// RFC 4180 CSV with a header row; rates as fractions.
    public static func csv(_ tests: [FlakyTest]) -> String {
        var out = header.joined(separator: ",") + "\r\n"
        for t in tests {
            let a = t.aggregate
            let row = [
                a.file, a.classname, a.name, String(a.executed), String(a.flaky), String(FlakyTest.rounded(t.rate)),
                String(FlakyTest.rounded(t.rateLow)), String(FlakyTest.rounded(t.rateHigh)),
                t.flipRate.map { String(FlakyTest.rounded($0)) } ?? "", String(a.retry), String(a.fileRerun),
                String(a.sameCommit), t.suspectNode ?? "", a.firstFlaky ?? "", a.lastFlaky ?? "",
                t.sample?.message ?? "",
            ]
            out += row.map(csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A GitHub markdown table.
    public static func markdown(_ tests: [FlakyTest]) -> String {
        let columns = ["test", "file", "runs", "flaky", "rate (95% CI)", "flip", "evidence", "suspect node"]
        var out = "| " + columns.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: " --- |", count: columns.count) + "\n"
        for t in tests {
            let a = t.aggregate
            let row = [
                "`\(t.label)`", "`\(a.file)`", String(a.executed), String(a.flaky),
                "\(percent(t.rate)) (\(percent(t.rateLow))–\(percent(t.rateHigh)))", t.flipRate.map(percent) ?? "–",
                evidence(t), t.suspectNode.map { "**\($0)**" } ?? "–",
            ]
            out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// An aligned plain-text table for a terminal.
    public static func text(_ tests: [FlakyTest]) -> String {
        let columns = ["TEST", "RUNS", "FLAKY", "RATE", "95% CI", "FLIP", "EVIDENCE", "SUSPECT"]
        var rows = [columns]
        for t in tests {
            rows.append([
                t.label, String(t.aggregate.executed), String(t.aggregate.flaky), percent(t.rate),
                "\(percent(t.rateLow))–\(percent(t.rateHigh))", t.flipRate.map(percent) ?? "-", evidence(t),
                t.suspectNode ?? "-",
            ])
        }
        let widths = (0..<columns.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func evidence(_ t: FlakyTest) -> String {
        let a = t.aggregate
        var parts: [String] = []
        if a.retry > 0 { parts.append("retry \(a.retry)") }
        if a.fileRerun > 0 { parts.append("file rerun \(a.fileRerun)") }
        if a.sameCommit > 0 { parts.append("same commit \(a.sameCommit)") }
        if a.fileRetry > 0 { parts.append("file retry \(a.fileRetry)") }
        if a.retryPod > 0 { parts.append("pod retry \(a.retryPod) (infra)") }
        return parts.joined(separator: ", ")
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
