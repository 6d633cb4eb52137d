import HudrelayScope

/// A stage's coverage of its scope over a window ending today (docs/coverage.md): the counts are
/// numbers of generic tests.
public struct StageCoverage: Sendable {
    /// The stage.
    public var stage: Stage
    /// The architecture asked for, `nil` for all.
    public var architecture: String?
    /// The window, in days ending today (UTC).
    public var days: Int
    /// The scope version counted against, `nil` when the repository has none.
    public var scope: ScopeRecord?
    /// P: in scope.
    public var population = 0
    /// E: in scope and enabled.
    public var enabled = 0
    /// C: enabled and executed (not skipped) by the stage's jobs in the window.
    public var covered = 0
    /// X: in scope and expected to fail.
    public var xfail = 0
    /// Per file.
    public var files: [FileCoverage] = []
    /// Per day of the window, oldest first.
    public var byDay: [DayCoverage] = []
    /// Enabled tests the stage did not execute in the window: how many, and the first of them.
    public var enabledNotRunCount = 0
    /// The first enabled tests not run, by id.
    public var enabledNotRun: [String] = []
    /// Tests the stage executed that no config enables: how many, and the first of them.
    public var runNotInConfigCount = 0
    /// The first tests run but not enabled, by id.
    public var runNotInConfig: [String] = []
    /// Runs against the declared cadence.
    public var cadence: CadenceReport

    /// |C| ÷ |P|, `nil` without a population.
    public var coverage: Double? { population > 0 ? Double(covered) / Double(population) : nil }
    /// Whether ``coverage`` reaches the stage's target; `nil` when either is unknown.
    public var meetsTarget: Bool? {
        guard let coverage, let target = stage.target else { return nil }
        return coverage >= target
    }
}

/// One file's share of a stage's coverage.
public struct FileCoverage: Sendable, Hashable {
    /// The file, normalized.
    public var file: String
    /// P, E, C and X of the file.
    public var population, enabled, covered, xfail: Int
    /// |C| ÷ |P| of the file.
    public var coverage: Double? { population > 0 ? Double(covered) / Double(population) : nil }
}

/// One day of a stage's window.
public struct DayCoverage: Sendable, Hashable {
    /// The day, `YYYY-MM-DD` (UTC).
    public var day: String
    /// The stage's runs that day (distinct CI runs).
    public var runs: Int
    /// Enabled tests executed that day.
    public var covered: Int
}

/// A stage's runs against its declared cadence over the window.
public struct CadenceReport: Sendable {
    /// The declared cadence.
    public var cadence: Cadence
    /// Days judged: complete days of the window (today excluded) since the stage's first run.
    public var daysJudged = 0
    /// Of them, days with at least the runs due.
    public var daysKept = 0
    /// Days with fewer runs than due, oldest first.
    public var missed: [DayCoverage] = []
    /// Runs in the window.
    public var runs = 0
    /// ``daysKept`` ÷ ``daysJudged``, `nil` when no day is judged (or runs are not due daily).
    public var kept: Double? {
        guard cadence.expectedPerDay != nil, daysJudged > 0 else { return nil }
        return Double(daysKept) / Double(daysJudged)
    }
}
