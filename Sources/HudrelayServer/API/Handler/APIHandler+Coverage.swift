import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayScope
import HudrelayStore

/// The declared stages and their coverage (docs/coverage.md).
extension APIHandler {
    func listStages(_ input: Operations.ListStages.Input) async throws -> Operations.ListStages.Output {
        .ok(.init(body: .json(.init(items: stages.stages.map(Components.Schemas.Stage.init)))))
    }

    /// The stage `id` names (`404` when it is not declared), or every declared stage without one.
    func declaredStages(_ id: Int?) throws -> [Stage] {
        guard let id else { return stages.stages }
        guard let stage = stages.stage(id) else {
            let declared = stages.ids.map(String.init).joined(separator: ", ")
            throw Problem.notFound("stage \(id) is not declared (declared: \(declared))")
        }
        return [stage]
    }

    func getCoverage(_ input: Operations.GetCoverage.Input) async throws -> Operations.GetCoverage.Output {
        let q = input.query
        guard let days = FlakyCriteria.days(q.window ?? "30d"), days <= 366 else {
            throw Problem.badRequest("bad_window", "window is up to 366d or 52w, got '\(q.window ?? "")'")
        }
        let chosen = try declaredStages(q.stage)
        var repo = Self.text(q.repo) ?? ""
        if repo.isEmpty { repo = try await store.scopes.history(repo: nil, limit: 1).first?.repo ?? "" }
        let arch = Self.text(q.arch)
        var items: [Components.Schemas.StageCoverage] = []
        for stage in chosen {
            let c = try await store.scopes.coverage(repo: repo, stage: stage, architecture: arch, days: days)
            items.append(.init(c))
        }
        if q.stage != nil, let one = items.first { return .ok(.init(body: .json(.StageCoverage(one)))) }
        return .ok(.init(body: .json(.CoverageAll(.init(repo: repo, arch: arch, windowDays: days, stages: items)))))
    }
}
