import Foundation
import HudrelayHUD
import HudrelayStore

/// The job context a CI system exposes in its environment (GitHub Actions, Jenkins).
enum CIEnvironment {
    /// Fills the fields of `context` that are still empty from `env`.
    static func fill(_ c: inout JobContextDraft, from env: [String: String]) {
        func v(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        func set(_ key: JobContext.CodingKeys, _ value: String?) { if c[key] == nil { c[key] = value } }
        if v("GITHUB_ACTIONS") != nil || v("GITHUB_REPOSITORY") != nil {
            set(.repo, v("GITHUB_REPOSITORY"))
            set(.sha, v("GITHUB_SHA"))
            set(.runID, v("GITHUB_RUN_ID"))
            set(.attempt, v("GITHUB_RUN_ATTEMPT").flatMap { Int($0) }.map(String.init))
            set(.job, v("GITHUB_JOB"))
            set(.workflow, v("GITHUB_WORKFLOW"))
            set(.node, v("RUNNER_NAME"))
            set(.architecture, v("RUNNER_ARCH").flatMap(architecture(runnerArch:)))
            // The trigger; a relay dispatch's own event type (its client_payload) is read later.
            if let event = v("GITHUB_EVENT_NAME"), event != "repository_dispatch" { set(.eventType, event) }
            if let ref = v("GITHUB_REF"), ref.hasPrefix("refs/pull/") {
                set(.pr, Int(ref.dropFirst("refs/pull/".count).prefix { $0.isNumber }).map(String.init))
                set(.branch, v("GITHUB_HEAD_REF"))
            } else {
                set(.branch, v("GITHUB_REF_NAME"))
            }
        }
        if v("JENKINS_URL") != nil || v("BUILD_NUMBER") != nil {
            set(.repo, v("GIT_URL").flatMap(repo(fromGitURL:)))
            set(.sha, v("GIT_COMMIT"))
            set(.runID, v("BUILD_NUMBER"))
            set(.workflow, v("JOB_NAME"))
            set(.job, v("STAGE_NAME") ?? v("JOB_BASE_NAME"))
            set(.node, v("NODE_NAME"))
            set(.pr, v("CHANGE_ID").flatMap { Int($0) }.map(String.init))
            set(.branch, v("CHANGE_BRANCH") ?? v("GIT_BRANCH").map { $0.replacingOccurrences(of: "origin/", with: "") })
        }
    }

    /// GitHub's `RUNNER_ARCH` (`X64`, `ARM64`, …) as the architecture names reports' tags use.
    static func architecture(runnerArch: String) -> String? {
        switch runnerArch.uppercased() {
        case "X64": "x86_64"
        case "X86": "i686"
        case "ARM64": "aarch64"
        case "ARM": "arm"
        case "S390X": "s390x"
        case "PPC64LE": "ppc64le"
        default: runnerArch.lowercased()
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

/// A job context being assembled from options and the environment: a value per field of
/// ``JobContext/fields`` (text, as the query parameters carry it) and the dispatch's payload.
struct JobContextDraft {
    /// The values given so far, by field.
    var values: [JobContext.CodingKeys: String] = [:]
    /// The dispatch's payload, as Python's `json.dumps` writes it.
    var payload: String?

    /// A field's value; setting `nil` or an empty text clears it.
    subscript(_ key: JobContext.CodingKeys) -> String? {
        get { values[key] }
        set { values[key] = newValue.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// Whether the job answers a relay dispatch.
    var hasDispatch: Bool { values[.deliveryID] != nil }

    /// The body of `POST /api/v1/jobs`: the context with the dispatch (the payload as JSON).
    func jobJSON() throws -> String {
        let items = try queryItems()
        var out = "{"
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            out += "\"\(item.name)\": "
            if case .number = JobContext.fields.first(where: { $0.name == item.name })?.kind {
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

    /// The query parameters of `POST /api/v1/uploads`, in the fields' order.
    func queryItems() throws -> [URLQueryItem] {
        guard values[.repo] != nil else {
            throw UploadError("no repository: pass --repo owner/name (or run in GitHub Actions or Jenkins)")
        }
        guard values[.sha] != nil else {
            throw UploadError("no commit: pass --sha (or run in GitHub Actions or Jenkins)")
        }
        return JobContext.fields.compactMap { field in
            values[field.key].map { URLQueryItem(name: field.name, value: $0) }
        }
    }
}

/// A failure of `hudrelay upload`, printed as one line.
struct UploadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
