import Foundation
import HudrelayHUD
import HudrelayStore

/// PyTorch's `disabled-tests-condensed.json`, built from hudrelay's evidence with hysteresis: a
/// test is disabled on a card type when it had at least ``FlakyCriteria/minFlakyRuns`` flaky runs
/// there in the last ``lookbackDays`` days, and stays disabled until it has had
/// ``cleanRunsToEnable`` clean runs there since its latest flaky run.
public struct DisabledTests: Sendable {
    /// How far back flaky runs count.
    public var lookbackDays = 90
    /// Clean runs on the same hardware before a disabled test comes back.
    public var cleanRunsToEnable = 50
    /// The rule's thresholds.
    public var criteria = FlakyCriteria()
    /// The public URL of this server, for the entries' links ('' for relative links).
    public var publicURL = ""

    /// The defaults.
    public init() {}

    /// The entries: key `"<name> (__main__.<Class>)"`, value `[<hudrelay test id>, <link>, []]`.
    /// The platform list is empty (all platforms), because PyTorch's test runner ignores platform
    /// names it does not know; write one file per card type with `cardType`.
    public func entries(store: Store, repo: String?, cardType: String?) async throws -> [String: (String, String)] {
        let candidates = try await store.reads.disableCandidates(
            repo: repo, cardType: cardType, lookbackDays: lookbackDays, minFlakyRuns: criteria.minFlakyRuns)
        var out: [String: (String, String)] = [:]
        for c in candidates where c.cleanSince < cleanRunsToEnable {
            let key = "\(c.name) (\(Self.suite(c.classname)))"
            if out[key] == nil { out[key] = (String(c.testID), "\(publicURL)/tests/\(c.testID)") }
        }
        return out
    }

    /// The suite as PyTorch writes it: the class (last dotted part) under `__main__`.
    public static func suite(_ classname: String) -> String {
        let cls = classname.split(separator: ".").last.map(String.init) ?? classname
        return "__main__." + (cls.isEmpty ? "UnknownClass" : cls)
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        PyJSON.string(s, into: &out)
        return out
    }

    /// The file as Python's `json.dump(obj, f, sort_keys=True, indent=2)` writes it.
    public static func json(_ entries: [String: (String, String)]) -> String {
        guard !entries.isEmpty else { return "{}" }
        let keys = entries.keys.sorted {
            $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value }
        }
        var out = "{\n"
        for (i, key) in keys.enumerated() {
            let (id, url) = entries[key]!
            out +=
                "  \(quoted(key)): [\n    \(quoted(id)),\n    \(quoted(url)),\n    []\n  ]"
            out += i == keys.count - 1 ? "\n" : ",\n"
        }
        return out + "}"
    }
}
