import Foundation
import HudrelayAPI
import HudrelayStore

extension Components.Schemas.Job {
    /// A stored job as the API shows it.
    init(_ r: JobRecord) {
        self.init(
            id: Int(r.id), repo: r.repo, sha: r.sha, workflow: r.workflow, runId: r.runID, attempt: r.attempt,
            job: r.job, jobId: r.jobID, branch: r.branch, pr: r.pr, stage: r.stage, cluster: r.cluster, node: r.node,
            cardType: r.cardType, cards: r.cards, architecture: r.architecture, runner: r.runner,
            pytorchSha: r.pytorchSHA, conclusion: r.conclusion, queuedAt: r.queuedAt, startedAt: r.startedAt,
            finishedAt: r.finishedAt, createdAt: r.createdAt,
            counts: .init(additionalProperties: r.counts), uploads: .init(additionalProperties: r.uploads))
    }
}

extension Components.Schemas.Result {
    /// A stored result as the API shows it (ids in lower case, as every id the API writes).
    init(_ r: ResultRecord) {
        self.init(
            testId: Int(r.testID), file: r.file, classname: r.classname, name: r.name, outcome: r.outcome,
            duration: r.duration, reruns: r.reruns, flaky: r.flaky, _type: r.type, message: r.message, text: r.text,
            uploadId: r.uploadID.uuidString.lowercased(), ordinal: r.ordinal)
    }
}

extension Components.Schemas.Test {
    /// A stored test as the API shows it.
    init(_ t: TestSummary) {
        self.init(
            id: Int(t.id), repo: t.repo, file: t.file, classname: t.classname, name: t.name, firstSeen: t.firstSeen)
    }
}

extension Components.Schemas.UploadStatus {
    /// An upload's state as the API shows it.
    init(_ s: HudrelayStore.UploadStatus) {
        self.init(
            id: s.id.uuidString.lowercased(), state: .init(rawValue: s.state.rawValue) ?? .failed, error: s.error,
            errorKind: s.errorKind, errorLine: s.errorLine, errorColumn: s.errorColumn,
            counts: s.counts.map(Components.Schemas.Counts.init), jobId: Int(s.jobID),
            jobUrl: "/api/v1/jobs/\(s.jobID)",
            filename: s.filename, size: Int(s.size), attempts: s.attempts, receivedAt: s.receivedAt)
    }
}

extension Components.Schemas.Delivery {
    /// A delivery as the outbox holds it.
    init(_ t: PublishTaskStatus) {
        let iso = ISO8601DateFormatter()
        self.init(
            id: Int(t.id), target: t.target, subject: t.subject, jobId: Int(t.jobID), state: t.state,
            generation: t.generation, deliveredGeneration: t.sentGeneration, attempts: t.attempts,
            createdAt: iso.string(from: t.createdAt), deliveredAt: t.deliveredAt.map { iso.string(from: $0) },
            nextAttemptAt: iso.string(from: t.availableAt), lastStatus: t.lastStatus, lastError: t.lastError,
            responseBody: t.responseBody, keys: t.keys)
    }
}

extension Components.Schemas.UploadAccepted {
    /// A stored upload's answer; `filename` for a multipart request's report part.
    init(_ stored: StoredUpload, filename: String?) {
        self.init(
            id: stored.id.uuidString.lowercased(), state: .init(rawValue: stored.state.rawValue) ?? .queued,
            statusUrl: "/api/v1/uploads/\(stored.id.uuidString.lowercased())", duplicate: !stored.created,
            jobId: Int(stored.jobID), filename: filename)
    }
}
