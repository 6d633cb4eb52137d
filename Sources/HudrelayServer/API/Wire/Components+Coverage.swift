import Foundation
import HudrelayAPI
import HudrelayScope
import HudrelayStore

extension Components.Schemas.Stage {
    /// The wire form of a declared stage.
    init(_ s: Stage) {
        self.init(
            id: s.id, name: s.name, cards: s.cards, cadence: s.cadence.description,
            expectedRunsPerDay: s.cadence.expectedPerDay, target: s.target,
            scope: .init(rawValue: s.scope.rawValue) ?? .pytorch, description: s.description)
    }
}

extension Components.Schemas.ScopeVersion {
    /// The wire form of a stored scope version.
    init(_ r: ScopeRecord) {
        self.init(
            id: Int(r.id), repo: r.repo, sha: r.sha, uploadedAt: ISO8601DateFormatter().string(from: r.uploadedAt),
            populationGiven: r.populationGiven, tests: r.tests, population: r.inScope, enabled: r.enabled,
            xfail: r.xfail, configFiles: r.configFiles, entriesNotCollected: r.entriesNotCollected,
            unlistedPatterns: r.unlistedPatterns)
    }
}

extension Components.Schemas.StageCoverage {
    /// The wire form of a stage's coverage.
    init(_ c: StageCoverage) {
        let day = { (d: DayCoverage) in Components.Schemas.DayCoverage(day: d.day, runs: d.runs, covered: d.covered) }
        self.init(
            stage: .init(c.stage), arch: c.architecture, windowDays: c.days, scope: c.scope.map { .init($0) },
            population: c.population, enabled: c.enabled, covered: c.covered, xfail: c.xfail,
            coverage: c.coverage, target: c.stage.target, meetsTarget: c.meetsTarget,
            files: c.files.map {
                .init(
                    file: $0.file, population: $0.population, enabled: $0.enabled, covered: $0.covered,
                    xfail: $0.xfail, coverage: $0.coverage)
            },
            byDay: c.byDay.map(day), enabledNotRun: c.enabledNotRun, enabledNotRunCount: c.enabledNotRunCount,
            runNotInConfig: c.runNotInConfig, runNotInConfigCount: c.runNotInConfigCount,
            cadence: .init(
                cadence: c.cadence.cadence.description, expectedRunsPerDay: c.cadence.cadence.expectedPerDay,
                runs: c.cadence.runs, daysJudged: c.cadence.daysJudged, daysKept: c.cadence.daysKept,
                kept: c.cadence.kept, missed: c.cadence.missed.map(day)))
    }
}
