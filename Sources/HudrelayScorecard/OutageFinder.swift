import Foundation

/// Finds a stage's outages in its runs (docs/scorecard.md, "Outages"). Runs are taken in the
/// order they began. A run that is not green opens an outage when none is open; the next green
/// run closes it at that run's end. On a stage with a cadence (`runsPerDay`), a run is due one
/// interval (24 h ÷ runs per day) after the run before it; when none has begun half an interval
/// after that, an outage of cause `no_runs` opens at the time it was due.
public struct OutageFinder: Sendable {
    /// The stage's runs a day (`nil`: on pull requests, so no run is ever due).
    public var runsPerDay: Int?

    /// A finder for a stage that runs `runsPerDay` times a day.
    public init(runsPerDay: Int?) { self.runsPerDay = runsPerDay }

    /// The interval between due runs.
    public var interval: TimeInterval? { runsPerDay.map { 86_400 / Double(max(1, $0)) } }

    /// The outages among `runs` (oldest first) up to `asOf`, oldest first; the last may be open.
    public func outages(_ runs: [RunHealth], asOf: Date) -> [Outage] {
        var found: [Outage] = []
        var open: Outage?
        var lastBegin: Date?
        func missed(before next: Date) {
            guard open == nil, let interval, let lastBegin else { return }
            let due = lastBegin.addingTimeInterval(interval)
            if next > due.addingTimeInterval(interval / 2) {
                open = Outage(start: due, end: nil, cause: .noRuns, jobs: [], runs: 0)
            }
        }
        for run in runs where run.begin <= asOf {
            let cause: OutageCause
            switch run.verdict {
            case .pending, .neutral: continue
            case .green:
                missed(before: run.begin)
                if var o = open {
                    o.end = max(o.start, run.end)
                    if o.end! <= asOf {
                        found.append(o)
                        open = nil
                    }
                }
                lastBegin = run.begin
                continue
            case .incident: cause = .incident
            case .failingTests: cause = .failingTests
            }
            missed(before: run.begin)
            if open == nil { open = Outage(start: run.begin, end: nil, cause: cause, jobs: [], runs: 0) }
            open!.jobs += run.jobs
            open!.runs += 1
            lastBegin = run.begin
        }
        missed(before: asOf)
        if let o = open { found.append(o) }
        return found
    }
}
