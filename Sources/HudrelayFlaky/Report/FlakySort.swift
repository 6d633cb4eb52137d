/// How the flaky list is ordered.
public enum FlakySort: String, Sendable, CaseIterable {
    /// Highest flake rate first (then most flaky runs).
    case rate
    /// Most flaky runs first.
    case flakyRuns = "flaky_runs"
    /// Highest flip rate first.
    case flipRate = "flip_rate"
    /// Most executed runs first.
    case executedRuns = "executed_runs"
    /// Most recently flaky first.
    case lastSeen = "last_seen"
    /// By file, classname and name.
    case name

    func ordered(_ a: FlakyTest, _ b: FlakyTest) -> Bool {
        let x = a.aggregate
        let y = b.aggregate
        switch self {
        case .rate: if a.rate != b.rate { return a.rate > b.rate }
        case .flakyRuns: if x.flaky != y.flaky { return x.flaky > y.flaky }
        case .flipRate: if (a.flipRate ?? -1) != (b.flipRate ?? -1) { return (a.flipRate ?? -1) > (b.flipRate ?? -1) }
        case .executedRuns: if x.executed != y.executed { return x.executed > y.executed }
        case .lastSeen: if x.lastFlaky != y.lastFlaky { return (x.lastFlaky ?? "") > (y.lastFlaky ?? "") }
        case .name: break
        }
        if x.flaky != y.flaky { return x.flaky > y.flaky }
        return (x.file, x.classname, x.name) < (y.file, y.classname, y.name)
    }
}
