import Foundation
import HudrelayFlaky
import HudrelayHUD
import HudrelayStore

/// Writes a job's Cross-Repo CI Relay callback bodies (`hud-format.md` §4.2) from what hudrelay
/// knows of it: the dispatch it answers, its identity in CI, and its final counts.
struct CallbackBuilder: Sendable {
    /// This server's public URL (the job's page is the callback's `artifact_url`).
    var publicURL: String
    /// The CI server's URL (`https://github.com`).
    var ciServerURL: String
    /// Send `failed_tests_json` with `completed`.
    var failedTestsJSON: Bool
    /// Send a `triage_verdict` with a failed `completed`.
    var triageVerdict: Bool = true

    /// The callback; throws ``Problem`` when the job answers no dispatch.
    func callback(for job: CallbackJob) throws -> RelayCallback {
        let c = job.context
        guard let delivery = c.deliveryID else {
            throw Problem(
                .conflict, "no_dispatch", "No relay dispatch",
                "job \(job.id) answers no relay dispatch: upload it with delivery_id and event_type (and the payload)")
        }
        let payload: PyValue
        do { payload = try c.payload.map(PyJSONParser.parse) ?? .dict(PyDict()) } catch {
            throw Problem(.conflict, "bad_payload", "Bad stored payload", "job \(job.id)'s stored payload: \(error)")
        }
        let runID = c.runID ?? ""
        let attempt = String(c.attempt ?? 1)
        let ci = ciServerURL.hasSuffix("/") ? String(ciServerURL.dropLast()) : ciServerURL
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        return RelayCallback(
            eventType: c.eventType ?? "pull_request", deliveryID: delivery, payload: payload,
            workflowName: c.workflow ?? "", runURL: "\(ci)/\(c.repo)/actions/runs/\(runID)", runID: runID,
            runAttempt: attempt, jobName: c.job ?? "",
            checkRunID: (c.jobID ?? "").isEmpty ? "\(runID)-\(attempt)" : c.jobID!,
            artifactURL: "\(base)/jobs/\(job.id)")
    }

    /// The body for `status`, with the counts (and, when configured, the failed tests) for
    /// `completed`.
    func body(
        for job: CallbackJob, status: RelayCallback.Status, store: Store, now: Date = Date()
    ) async throws
        -> String
    {
        let callback = try callback(for: job)
        guard status == .completed else { return callback.body(status: status, results: nil, now: now) }
        let results = RelayCallback.TestResults(passed: job.passed, failed: job.failed, skipped: job.skipped)
        let conclusion = job.context.conclusion ?? results.conclusion
        var failed: String?
        var verdict: PyValue?
        if failedTestsJSON || (triageVerdict && conclusion != "success") {
            let facts = try await store.outbox.triageFacts(jobID: job.id)
            if failedTestsJSON {
                failed = FailedTestDetail.json(
                    facts.failed.map {
                        FailedTestDetail(
                            name: $0.name, classname: $0.classname, message: $0.message, stacktrace: $0.text,
                            duration: $0.duration)
                    })
            }
            if triageVerdict && conclusion != "success" {
                var filter = FlakyFilter(days: 14, endingOn: now)
                filter.repo = job.context.repo
                // Only which tests pass the rule: the list's slices, flips and samples are not needed.
                let reporter = FlakyReporter(store: store)
                let known = try await store.reads.flakyCandidates(filter).filter(reporter.isFlaky).map(\.testID)
                verdict = TriageRule(publicURL: publicURL, version: TriageRule.analyzerVersion)
                    .verdict(facts: facts, knownFlaky: Set(known), jobName: job.context.job ?? "", now: now)?.value()
            }
        }
        return callback.body(
            status: status, results: results, conclusion: conclusion, failedTests: failed, triageVerdict: verdict,
            now: now)
    }
}
