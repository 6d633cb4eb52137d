import Foundation
import HudrelayHUD

/// The relay's checks of a `triage_verdict` (test-infra `aws/lambda/cross_repo_ci_relay/utils/
/// triage_verdict.py`), written again here so the stand-in drops what the relay would drop.
enum RelayVerdictRules {
    /// Why the relay would drop `v`, or `nil` when it keeps it.
    static func fault(_ v: PyValue) -> String? {
        guard case .dict(let d) = v else { return "not an object" }
        guard PyJSON.dumps(v).utf8.count <= 16 * 1024 else { return "larger than 16 KB" }
        switch d["schema_version"] {
        case .int(1)?, .string("1")?: break
        default: return "schema_version is not 1"
        }
        guard case .string(let c)? = d["category"], ["upstream", "backend", "infra", "flake", "unknown"].contains(c)
        else { return "bad category" }
        guard case .string(let conf)? = d["confidence"], ["high", "medium", "low"].contains(conf) else {
            return "bad confidence"
        }
        guard case .string(let summary)? = d["summary"], !summary.isEmpty, summary.unicodeScalars.count <= 1000 else {
            return "bad summary"
        }
        if d["suspected_upstream"] != nil && c != "upstream" { return "suspected_upstream outside upstream" }
        if let e = d["evidence"] {
            guard case .list(let items) = e, items.count <= 10 else { return "bad evidence list" }
            for item in items {
                guard case .dict(let x) = item else { return "evidence item is not an object" }
                for (key, limit) in [("job", 200), ("test", 200), ("excerpt", 1000), ("log_url", 500)] {
                    guard let value = x[key] else { continue }
                    guard case .string(let s) = value, !s.isEmpty, s.unicodeScalars.count <= limit else {
                        return "bad evidence \(key)"
                    }
                    if key == "log_url" {
                        let parts = URLComponents(string: s)
                        let authority = s.components(separatedBy: "://").dropFirst().first?.split(separator: "/").first
                        guard ["http", "https"].contains(parts?.scheme ?? ""), !(parts?.host ?? "").isEmpty,
                            !(authority?.contains("@") ?? true), !s.contains(where: { $0.isWhitespace })
                        else { return "bad log_url \(s)" }
                    }
                }
            }
        }
        if let r = d["reproduced_on_retry"], case .bool = r {
        } else if d["reproduced_on_retry"] != nil {
            return "reproduced_on_retry is not a bool"
        }
        if let at = d["analyzed_at"] {
            guard case .string(let s) = at, ISO8601DateFormatter.withFraction(s) != nil else {
                return "bad analyzed_at"
            }
        }
        return nil
    }
}

extension ISO8601DateFormatter {
    /// `s` read as RFC 3339, with or without fractional seconds.
    static func withFraction(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }
}
