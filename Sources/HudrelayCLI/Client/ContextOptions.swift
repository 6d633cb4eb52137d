import ArgumentParser
import Foundation
import HudrelayHUD

/// The job context options `upload` and `hud report` share; what is not given is read from the
/// CI's environment.
struct ContextOptions: ParsableArguments {
    @Option var repo: String?
    @Option var sha: String?
    @Option var branch: String?
    @Option var pr: Int?
    @Option var workflow: String?
    @Option(name: .customLong("run-id")) var runID: String?
    @Option var attempt: Int?
    @Option var job: String?
    @Option(name: .customLong("job-id"), help: "The CI's job id (GitHub: ${{ job.check_run_id }}).") var jobID: String?
    @Option(help: "Rollout stage, 0 to 4.") var stage: Int?
    @Option var cluster: String?
    @Option var node: String?
    @Option(name: .customLong("card-type")) var cardType: String?
    @Option var cards: Int?
    @Option(name: .customLong("delivery-id"), help: "The relay dispatch's delivery id.") var deliveryID: String?
    @Option(name: .customLong("event-type"), help: "The relay dispatch's event type.") var eventType: String?
    @Option(
        name: .customLong("dispatch-file"),
        help: "A JSON file holding the relay dispatch's client_payload ({event_type, delivery_id, payload}).")
    var dispatchFile: String?

    /// The context from the options, then the environment (including a `repository_dispatch`
    /// event's `client_payload` in GitHub Actions).
    func draft(environment env: [String: String]) throws -> JobContextDraft {
        var d = JobContextDraft(
            repo: repo, sha: sha, branch: branch, workflow: workflow, runID: runID, job: job, jobID: jobID,
            cluster: cluster, node: node, cardType: cardType, pr: pr, attempt: attempt, stage: stage, cards: cards)
        d.deliveryID = deliveryID
        d.eventType = eventType
        CIEnvironment.fill(&d, from: env)
        var dispatchPath = dispatchFile
        var nested = false
        if dispatchPath == nil, env["GITHUB_EVENT_NAME"] == "repository_dispatch", let p = env["GITHUB_EVENT_PATH"] {
            dispatchPath = p
            nested = true
        }
        if let path = dispatchPath {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw UploadError("cannot read the dispatch file \(path)")
            }
            guard case .dict(var object) = try PyJSONParser.parse(text) else {
                throw UploadError("\(path): the dispatch is not a JSON object")
            }
            if nested, case .dict(let inner)? = object["client_payload"] { object = inner }
            if d.eventType == nil, case .string(let s)? = object["event_type"] { d.eventType = s }
            if d.deliveryID == nil, case .string(let s)? = object["delivery_id"] { d.deliveryID = s }
            if let payload = object["payload"], payload != .null { d.payload = PyJSON.dumps(payload) }
        }
        // A nightly or periodic self-report answers no dispatch: the delivery id is the upstream
        // commit and the payload names it (hud-format.md §4.2).
        if ["nightly", "periodic"].contains(d.eventType ?? ""), d.payload == nil, let delivery = d.deliveryID {
            var repository = PyDict()
            repository["full_name"] = .string("pytorch/pytorch")
            var p = PyDict()
            p["repository"] = .dict(repository)
            p["head_sha"] = .string(delivery)
            d.payload = PyJSON.dumps(.dict(p))
        }
        return d
    }
}
