import Foundation
import HudrelayHUD
import HudrelayStore

/// The job context a CI system exposes in its environment (GitHub Actions, Jenkins).
enum CIEnvironment {
    /// Fills the fields of `context` that are still empty from `env`.
    static func fill(_ c: inout JobContextDraft, from env: [String: String]) {
        func v(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        if v("GITHUB_ACTIONS") != nil || v("GITHUB_REPOSITORY") != nil {
            c.repo = c.repo ?? v("GITHUB_REPOSITORY")
            c.sha = c.sha ?? v("GITHUB_SHA")
            c.runID = c.runID ?? v("GITHUB_RUN_ID")
            c.attempt = c.attempt ?? v("GITHUB_RUN_ATTEMPT").flatMap(Int.init)
            c.job = c.job ?? v("GITHUB_JOB")
            c.workflow = c.workflow ?? v("GITHUB_WORKFLOW")
            c.node = c.node ?? v("RUNNER_NAME")
            if let ref = v("GITHUB_REF"), ref.hasPrefix("refs/pull/") {
                c.pr = c.pr ?? Int(ref.dropFirst("refs/pull/".count).prefix { $0.isNumber })
                c.branch = c.branch ?? v("GITHUB_HEAD_REF")
            } else {
                c.branch = c.branch ?? v("GITHUB_REF_NAME")
            }
        }
        if v("JENKINS_URL") != nil || v("BUILD_NUMBER") != nil {
            c.repo = c.repo ?? v("GIT_URL").flatMap(repo(fromGitURL:))
            c.sha = c.sha ?? v("GIT_COMMIT")
            c.runID = c.runID ?? v("BUILD_NUMBER")
            c.workflow = c.workflow ?? v("JOB_NAME")
            c.job = c.job ?? v("STAGE_NAME") ?? v("JOB_BASE_NAME")
            c.node = c.node ?? v("NODE_NAME")
            c.pr = c.pr ?? v("CHANGE_ID").flatMap(Int.init)
            c.branch =
                c.branch ?? v("CHANGE_BRANCH")
                ?? v("GIT_BRANCH").map { $0.replacingOccurrences(of: "origin/", with: "") }
        }
    }

    /// `owner/name` from `https://github.com/owner/name.git` or `git@github.com:owner/name.git`.
    static func repo(fromGitURL url: String) -> String? {
        var s = url
        if s.hasSuffix(".git") { s.removeLast(4) }
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == ":" })
        guard parts.count >= 2 else { return nil }
        return "\(parts[parts.count - 2])/\(parts[parts.count - 1])"
    }
}

/// A job context being assembled from options and the environment.
struct JobContextDraft {
    var repo, sha, branch, workflow, runID, job, jobID, cluster, node, cardType: String?
    var pr, attempt, stage, cards: Int?
    var deliveryID, eventType, payload: String?

    /// Whether the job answers a relay dispatch.
    var hasDispatch: Bool { deliveryID != nil }

    /// The body of `POST /api/v1/jobs`: the context with the dispatch (the payload as JSON).
    func jobJSON() throws -> String {
        let items = try queryItems()
        var out = "{"
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            out += "\"\(item.name)\": "
            if ["pr", "attempt", "stage", "cards"].contains(item.name) {
                out += item.value ?? "null"
            } else {
                var s = ""
                PyJSON.string(item.value ?? "", into: &s)
                out += s
            }
        }
        if let payload { out += ", \"payload\": " + payload }
        return out + "}"
    }

    /// The query parameters of `POST /api/v1/uploads`.
    func queryItems() throws -> [URLQueryItem] {
        guard let repo else {
            throw UploadError("no repository: pass --repo owner/name (or run in GitHub Actions or Jenkins)")
        }
        guard let sha else { throw UploadError("no commit: pass --sha (or run in GitHub Actions or Jenkins)") }
        var items = [URLQueryItem(name: "repo", value: repo), URLQueryItem(name: "sha", value: sha)]
        let optional: [(String, String?)] = [
            ("branch", branch), ("pr", pr.map(String.init)), ("workflow", workflow), ("run_id", runID),
            ("attempt", attempt.map(String.init)), ("job", job), ("job_id", jobID), ("stage", stage.map(String.init)),
            ("cluster", cluster), ("node", node), ("card_type", cardType), ("cards", cards.map(String.init)),
            ("delivery_id", deliveryID), ("event_type", eventType),
        ]
        for (k, v) in optional { if let v { items.append(URLQueryItem(name: k, value: v)) } }
        return items
    }
}

/// A failure of `hudrelay upload`, printed as one line.
struct UploadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
