import ArgumentParser

/// How jobs are analyzed: `analyze`, `serve` and `work` take the same options, so the server's
/// analyzer judges jobs as a manual `hudrelay analyze --all` does. Read through ``Settings``.
struct AnalysisOptions: ParsableArguments {
    @Option(
        help: "A job where more than this share of executed tests failed is an infrastructure incident (default 0.8).")
    var infraShare: Double?
    @Option(help: "Jobs with fewer executed tests are never infrastructure incidents (default 20).")
    var infraMinTests: Int?

    /// The flags given, by settings key.
    var flags: [String: String] {
        var f: [String: String] = [:]
        f["analysis.infraShare"] = infraShare.map { String($0) }
        f["analysis.infraMinTests"] = infraMinTests.map(String.init)
        return f
    }

    /// The flag of each key, for messages.
    static let flagNames = [
        "analysis.infraShare": "--infra-share", "analysis.infraMinTests": "--infra-min-tests",
    ]
}
