import Foundation
import HudrelayFlaky
import HudrelayScope
import HudrelayStore
import Hummingbird

/// The public, read-only pages: the overview, a job (what relay callbacks link to), and the flaky
/// report. Server-rendered (swift-mustache); a few lines of plain JavaScript sort tables.
struct WebController<Context: RequestContext>: Sendable {
    let store: Store
    let criteria: FlakyCriteria
    /// The declared rollout stages (`/stages`).
    let stages: StageCatalog
    /// The stages' scorecards (`/health`).
    let scorecards: ScorecardReader
    let page = WebPage()

    func addRoutes(to router: Router<Context>) {
        router.get("/", use: overview)
        router.get("jobs/:id", use: job)
        router.get("flaky", use: flaky)
        router.get("stages", use: stagesPage)
        router.get("health", use: health)
        router.get("failures", use: failures)
        router.get("tests/:id", use: test)
        router.get("hud/:owner/:repo/**", use: grid)
    }

    /// `/jobs/{id}`: context, counts, failures with their tracebacks (folded), flaky tests, reports.
    @Sendable func job(_ request: Request, context: Context) async throws -> Response {
        let id = try JobsController<Context>.jobID(context)
        guard let job = try await store.reads.job(id: id) else { throw Problem.notFound("there is no job \(id)") }
        var failures: [ResultRecord] = []
        for outcome in ["failed", "error"] {
            failures += try await store.reads.results(jobID: id, outcome: outcome, after: nil, limit: 1000)
        }
        let flaky = try await store.outbox.flakyResults(jobID: id, limit: 1000)
        let uploads = try await store.outbox.uploads(jobID: id)
        let c = job.counts
        let failed = (c["failed"] ?? 0) + (c["errors"] ?? 0)
        let pending = (job.uploads["queued"] ?? 0) + (job.uploads["processing"] ?? 0)
        let conclusion = pending > 0 ? "processing" : failed > 0 ? "failure" : (c["tests"] ?? 0) > 0 ? "success" : "?"
        var ctx: [String: Any] = [
            "id": job.id, "name": job.job.isEmpty ? "job \(job.id)" : job.job, "repo": job.repo, "sha": job.sha,
            "workflow": job.workflow, "runID": job.runID, "attempt": job.attempt, "jobID": job.jobID,
            "stage": job.stage.map(String.init) ?? "–", "cluster": job.cluster ?? "–", "node": job.node ?? "–",
            "cards": job.cards.map(String.init) ?? "–", "cardType": job.cardType ?? "–",
            "created": ISO8601DateFormatter().string(from: job.createdAt), "status": WebPage.status(conclusion),
            "failureCount": failures.count, "flakyCount": flaky.count,
        ]
        for k in ["tests", "passed", "failed", "errors", "skipped", "flaky", "reruns"] { ctx[k] = c[k] ?? 0 }
        if let gone = try await store.retention.jobResultsGone(jobID: id) {
            ctx["resultsGone"] = ISO8601DateFormatter().string(from: gone)
        }
        if let b = job.branch { ctx["branch"] = b }
        let times = [("queued", job.queuedAt), ("started", job.startedAt), ("finished", job.finishedAt)]
            .compactMap { name, at in at.map { "\(name) \(ISO8601DateFormatter().string(from: $0))" } }
        if !times.isEmpty { ctx["ciTimes"] = times.joined(separator: " · ") }
        if let c = job.conclusion { ctx["conclusion"] = WebPage.status(c) }
        if let pr = job.pr { ctx["pr"] = pr }
        ctx["failures"] = failures.map { r -> [String: Any] in
            [
                "status": WebPage.status(r.outcome), "file": r.file, "classname": r.classname, "name": r.name,
                "message": r.message ?? r.type ?? "", "text": r.text ?? "",
            ]
        }
        ctx["flakyTests"] = flaky.map { r -> [String: Any] in
            [
                "classname": r.classname, "name": r.name, "reruns": r.reruns, "message": r.message ?? "",
                "text": r.text ?? "",
            ]
        }
        ctx["uploads"] = uploads.map { u -> [String: Any] in
            var d: [String: Any] = [
                "id": u.id.uuidString.lowercased(), "filename": u.filename.isEmpty ? "(unnamed)" : u.filename,
                "state": u.state, "size": u.size,
                "status": WebPage.status(u.state == "done" ? "passed" : u.state == "failed" ? "failed" : u.state),
            ]
            if let e = u.error { d["error"] = e }
            if let at = u.expiredAt { d["expired"] = ISO8601DateFormatter().string(from: at) }
            return d
        }
        return page.render("job", title: "Job \(id)", ctx)
    }

    /// `/`: per stage, the flaky share against the target and the latest jobs; the 30-day trend.
    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        let query = try FlakyQuery(form: request.formQuery, defaults: criteria, defaultWindow: "30d")
        let summary = try await FlakyReporter(store: store, criteria: query.criteria).summary(query.filter)
        let target = query.criteria.target
        func verdict(_ share: Double) -> (String, String, String) {
            share < target ? ("ok", "✓", "under target") : ("bad", "✗", "over target")
        }
        var stages: [[String: Any]] = []
        for slice in summary.byStage {
            let share = slice.executedTests > 0 ? Double(slice.flakyTests) / Double(slice.executedTests) : 0
            let (css, symbol, word) = verdict(share)
            var filter = JobFilter()
            filter.stage = Int(slice.value)
            filter.limit = 5
            let jobs = (try? await store.reads.jobs(filter)) ?? []
            var stageFilter = query.filter
            stageFilter.stage = Int(slice.value)
            let trend = try await store.reads.sliceShares(
                stageFilter, dimension: .day, minFlakyRuns: query.criteria.minFlakyRuns)
            var passed = 0
            var total = 0
            let rows = jobs.map { j -> [String: Any] in
                let failed = (j.counts["failed"] ?? 0) + (j.counts["errors"] ?? 0)
                passed += j.counts["passed"] ?? 0
                total += (j.counts["passed"] ?? 0) + failed
                return [
                    "id": j.id, "name": j.job.isEmpty ? "job \(j.id)" : j.job, "sha": String(j.sha.prefix(10)),
                    "passed": j.counts["passed"] ?? 0, "tests": j.counts["tests"] ?? 0,
                    "status": WebPage.status(failed > 0 ? "failure" : "success"),
                ]
            }
            stages.append([
                "stage": slice.value, "css": css, "symbol": symbol, "word": word, "share": WebPage.percent(share),
                "flaky": slice.flakyTests, "executed": slice.executedTests, "jobs": rows,
                "passRate": total > 0 ? WebPage.percent(Double(passed) / Double(total)) : "–",
                "trendSVG": TrendChart.svg(trend, target: target),
            ])
        }
        let (css, symbol, word) = verdict(summary.overall.share)
        let ctx: [String: Any] = [
            "days": FlakyCriteria.days(FlakyQuery.value(request.formQuery, "window") ?? "30d") ?? 30,
            "overallCss": css, "overallSymbol": symbol, "overallWord": word,
            "overallShare": WebPage.percent(summary.overall.share), "overallFlaky": summary.overall.flakyTests,
            "overallExecuted": summary.overall.executedTests, "target": WebPage.percent(target), "stages": stages,
            "trendSVG": TrendChart.svg(summary.trend, target: target),
        ]
        return page.render("overview", title: "Overview", ctx)
    }

    /// `/flaky`: the flaky report with filters, sortable, with a CSV link.
    @Sendable func flaky(_ request: Request, context: Context) async throws -> Response {
        let q = request.formQuery
        let query = try FlakyQuery(form: q, defaults: criteria)
        let tests = try await FlakyReporter(store: store, criteria: query.criteria).flakyTests(query.filter)
        let rows = tests.map { t -> [String: Any] in
            let a = t.aggregate
            var d: [String: Any] = [
                "file": a.file, "classname": a.classname, "name": a.name, "rate": WebPage.percent(t.rate),
                "rateValue": t.rate, "low": WebPage.percent(t.rateLow), "high": WebPage.percent(t.rateHigh),
                "flaky": a.flaky, "executed": a.executed, "lastFlaky": a.lastFlaky ?? "",
                "evidence": "retry \(a.retry) · file rerun \(a.fileRerun) · same commit \(a.sameCommit)"
                    + (a.fileRetry > 0 ? " · file retry \(a.fileRetry)" : "")
                    + (a.retryPod > 0 ? " · pod retry \(a.retryPod) (infra)" : ""),
            ]
            if let s = t.suspectNode { d["suspect"] = s }
            return d
        }
        let params = ["window", "stage", "card_type", "node", "file", "arch"]
        let kept = params.compactMap { k in FlakyQuery.value(q, k).map { (k, $0) } }
        let ctx: [String: Any] = [
            "from": query.filter.from, "to": query.filter.to, "count": tests.count, "tests": rows,
            "window": FlakyQuery.value(q, "window") ?? "14d", "stage": FlakyQuery.value(q, "stage") ?? "",
            "cardType": FlakyQuery.value(q, "card_type") ?? "", "node": FlakyQuery.value(q, "node") ?? "",
            "file": FlakyQuery.value(q, "file") ?? "", "arch": FlakyQuery.value(q, "arch") ?? "",
            "query": APIHandler.query(kept),
        ]
        return page.render("flaky", title: "Flaky tests", ctx)
    }
}
