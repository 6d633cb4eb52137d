import ArgumentParser
import Foundation
import HudrelayHUD
import HudrelayStore

/// The job context options `upload` and `hud report` share; what is not given is read from the
/// CI's environment.
struct ContextOptions: ParsableArguments {
    // One option per field of JobContext.fields, named by its flag, with its summary as help
    // (ContextOptionsTests checks every field has its option).
    @Option(help: help(.repo)) var repo: String?
    @Option(help: help(.sha)) var sha: String?
    @Option(help: help(.branch)) var branch: String?
    @Option(help: help(.pr)) var pr: Int?
    @Option(help: help(.workflow)) var workflow: String?
    @Option(name: .customLong("run-id"), help: help(.runID)) var runID: String?
    @Option(help: help(.attempt)) var attempt: Int?
    @Option(help: help(.job)) var job: String?
    @Option(name: .customLong("job-id"), help: help(.jobID, "GitHub: ${{ job.check_run_id }}")) var jobID: String?
    @Option(help: help(.stage)) var stage: Int?
    @Option(help: help(.cluster)) var cluster: String?
    @Option(help: help(.node)) var node: String?
    @Option(name: .customLong("card-type"), help: help(.cardType)) var cardType: String?
    @Option(help: help(.cards)) var cards: Int?
    @Option(name: .customLong("delivery-id"), help: help(.deliveryID)) var deliveryID: String?
    @Option(name: .customLong("event-type"), help: help(.eventType)) var eventType: String?
    @Option(help: help(.architecture, "default: RUNNER_ARCH, or the reports' platform__ tags")) var architecture:
        String?
    @Option(help: help(.runner)) var runner: String?
    @Option(name: .customLong("pytorch-sha"), help: help(.pytorchSHA)) var pytorchSHA: String?
    @Option(help: help(.conclusion)) var conclusion: String?
    @Option(name: .customLong("queued-at"), help: help(.queuedAt)) var queuedAt: String?
    @Option(name: .customLong("started-at"), help: help(.startedAt)) var startedAt: String?
    @Option(name: .customLong("finished-at"), help: help(.finishedAt)) var finishedAt: String?
    @Option(
        name: .customLong("matrix"),
        help: ArgumentHelp(
            "A matrix value of the job, KEY=VALUE, repeatable (or HUDRELAY_MATRIX, GitHub's ${{ toJSON(matrix) }}): "
                + "the job name becomes 'job (v1, v2)', as GitHub names a matrix leg, so legs stay apart on HUD."))
    var matrix: [String] = []
    @Option(
        name: .customLong("dispatch-file"),
        help: "A JSON file holding the relay dispatch's client_payload ({event_type, delivery_id, payload}).")
    var dispatchFile: String?

    /// The context from the options, then the environment (including a `repository_dispatch`
    /// event's `client_payload` in GitHub Actions).
    func draft(environment env: [String: String]) throws -> JobContextDraft {
        var d = JobContextDraft()
        for (key, value) in given { d[key] = value }
        CIEnvironment.fill(&d, from: env)
        let values = try MatrixValues.parse(options: matrix, json: env["HUDRELAY_MATRIX"])
        if !values.isEmpty, let job = d[.job] { d[.job] = MatrixValues.jobName(job, values) }
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
            if d[.eventType] == nil, case .string(let s)? = object["event_type"] { d[.eventType] = s }
            if d[.deliveryID] == nil, case .string(let s)? = object["delivery_id"] { d[.deliveryID] = s }
            if let payload = object["payload"], payload != .null { d.payload = PyJSON.dumps(payload) }
        }
        // A nightly or periodic self-report answers no dispatch: the delivery id is the upstream
        // commit and the payload names it (hud-format.md §4.2).
        if ["nightly", "periodic"].contains(d[.eventType] ?? ""), d.payload == nil, let delivery = d[.deliveryID] {
            var repository = PyDict()
            repository["full_name"] = .string("pytorch/pytorch")
            var p = PyDict()
            p["repository"] = .dict(repository)
            p["head_sha"] = .string(delivery)
            d.payload = PyJSON.dumps(.dict(p))
        }
        return d
    }

    /// The options given, by field.
    var given: [(JobContext.CodingKeys, String?)] {
        [
            (.repo, repo), (.sha, sha), (.branch, branch), (.pr, pr.map(String.init)), (.workflow, workflow),
            (.runID, runID), (.attempt, attempt.map(String.init)), (.job, job), (.jobID, jobID),
            (.stage, stage.map(String.init)), (.cluster, cluster), (.node, node), (.cardType, cardType),
            (.cards, cards.map(String.init)), (.deliveryID, deliveryID), (.eventType, eventType),
            (.architecture, architecture), (.runner, runner), (.pytorchSHA, pytorchSHA), (.conclusion, conclusion),
            (.queuedAt, queuedAt), (.startedAt, startedAt), (.finishedAt, finishedAt),
        ]
    }

    /// A field's help: its summary from ``JobContext/fields``, and `more`.
    static func help(_ key: JobContext.CodingKeys, _ more: String? = nil) -> ArgumentHelp {
        let summary = JobContext.fields.first { $0.key == key }?.summary ?? key.rawValue
        return ArgumentHelp(more.map { "\(summary) (\($0))." } ?? "\(summary).")
    }
}
