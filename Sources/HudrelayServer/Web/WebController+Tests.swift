import Foundation
import HudrelayFlaky
import HudrelayStore
import Hummingbird

extension WebController {
    /// `/tests/{id}`: one test's runs on a timeline, its flake rate with its interval, attempts and
    /// failure signatures.
    @Sendable func test(_ request: Request, context: Context) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else {
            throw Problem.badRequest("bad_id", "a test id is a number")
        }
        guard let identity = try await store.reads.testIdentity(id: id) else {
            throw Problem.notFound("there is no test \(id)")
        }
        let runs = try await store.reads.testHistory(testID: id, limit: 1000)
        let executed = runs.filter { $0.outcome != "skipped" && !$0.infra }
        let flakyRuns = executed.filter { !$0.evidence.isEmpty }.count
        let failed = executed.filter { $0.outcome == "failed" }.count
        let (low, high) = Statistics.wilson(flakyRuns, executed.count)
        let rate = executed.isEmpty ? 0 : Double(flakyRuns) / Double(executed.count)
        let isFlaky = flakyRuns >= criteria.minFlakyRuns && failed < executed.count
        var signatures: [String: Int] = [:]
        for r in runs {
            if let m = r.message {
                signatures[String(m.split(separator: "\n").first?.prefix(200) ?? ""), default: 0] += 1
            }
        }
        let ctx: [String: Any] = [
            "repo": identity.repo, "file": identity.file, "classname": identity.classname, "name": identity.name,
            "css": isFlaky ? "warn" : "ok", "symbol": isFlaky ? "↻" : "✓", "word": isFlaky ? "flaky" : "not flaky",
            "flaky": flakyRuns, "executed": executed.count, "failed": failed, "rate": WebPage.percent(rate),
            "low": WebPage.percent(low), "high": WebPage.percent(high), "runCount": runs.count,
            "signatures": signatures.sorted { $0.value > $1.value }.map { ["signature": $0.key, "count": $0.value] },
            "timelineSVG": Timeline.svg(runs),
            "runs": runs.map { r -> [String: Any] in
                [
                    "at": r.at, "jobID": r.jobID, "jobName": r.jobName, "sha": String(r.sha.prefix(10)),
                    "branch": r.branch,
                    "node": r.node, "stage": r.stage < 0 ? "–" : String(r.stage), "failedAttempts": r.failedAttempts,
                    "evidence":
                        ((r.infra ? ["infra incident"] : []) + r.evidence
                        + (r.podRetry ? ["pod retry (infra)"] : [])
                        + (r.retryKinds.isEmpty ? [] : ["retried: " + r.retryKinds.joined(separator: ",")]))
                        .joined(separator: ", "),
                    "status": WebPage.status(r.evidence.isEmpty ? r.outcome : "flaky"),
                ]
            },
        ]
        return page.render("test", title: "\(identity.classname)::\(identity.name)", ctx)
    }

    /// `/failures`: failure clusters of a window.
    @Sendable func failures(_ request: Request, context: Context) async throws -> Response {
        let query = try FlakyQuery(form: request.formQuery, defaults: criteria)
        let clusters = try await store.reads.failureClusters(query.filter, limit: 200)
        let ctx: [String: Any] = [
            "from": query.filter.from, "to": query.filter.to,
            "clusters": clusters.map { c -> [String: Any] in
                [
                    "signature": c.signature, "sample": c.sample, "runs": c.runs, "tests": c.tests,
                    "nodes": c.nodes.joined(separator: ", "), "examples": c.sampleTests.joined(separator: ", "),
                ]
            },
        ]
        return page.render("failures", title: "Failures", ctx)
    }

    /// `/hud/{owner}/{repo}/{branch}`: newest commits × job names, each cell its job's result.
    @Sendable func grid(_ request: Request, context: Context) async throws -> Response {
        guard let owner = context.parameters.get("owner"), let name = context.parameters.get("repo") else {
            throw Problem.badRequest("bad_repo", "the page is /hud/{owner}/{repo}/{branch}")
        }
        let branch = context.parameters.getCatchAll().joined(separator: "/")
        guard !branch.isEmpty else {
            throw Problem.badRequest("bad_branch", "the page is /hud/{owner}/{repo}/{branch}")
        }
        let repo = "\(owner)/\(name)"
        let cells = try await store.reads.grid(repo: repo, branch: branch, commits: 50)
        let columns = Array(Set(cells.map(\.jobName))).sorted()
        var order: [String] = []
        var byCommit: [String: [String: GridCell]] = [:]
        var when: [String: Date] = [:]
        for c in cells {
            if byCommit[c.sha] == nil { order.append(c.sha) }
            // The newest job of a name for the commit (a rerun replaces the cell).
            if let old = byCommit[c.sha]?[c.jobName], old.jobID > c.jobID { continue }
            byCommit[c.sha, default: [:]][c.jobName] = c
            when[c.sha] = c.at
        }
        let rows = order.map { sha -> [String: Any] in
            [
                "sha": String(sha.prefix(10)), "at": ISO8601DateFormatter().string(from: when[sha] ?? Date()),
                "cells": columns.map { column -> [String: Any] in
                    guard let c = byCommit[sha]?[column] else { return [:] }
                    let state = c.pending > 0 ? "processing" : c.failed > 0 ? "failure" : "success"
                    let s = WebPage.status(state)
                    return [
                        "job": true, "jobID": c.jobID, "css": s["css"]!, "symbol": s["symbol"]!,
                        "failed": c.failed > 0 ? c.failed : 0,
                        "title": "\(column): \(s["word"]!), \(c.passed) passed, \(c.failed) failed of \(c.tests)",
                    ]
                },
            ]
        }
        return page.render(
            "grid", title: "\(repo) \(branch)", ["repo": repo, "branch": branch, "columns": columns, "rows": rows])
    }
}
