import AsyncHTTPClient
import Foundation
import HudrelayHUD
import HudrelayJUnit
import HudrelayStore
import Logging

/// Makes one delivery: builds what a publish task carries and sends it to its target.
struct Publisher: Sendable {
    /// How a delivery ended.
    enum Outcome: Sendable, Equatable {
        /// Delivered (the HTTP status, the keys written).
        case delivered(status: Int, keys: [String])
        /// Try again later: no answer, 429 or 5xx.
        case retry(status: Int?, error: String)
        /// Refused (4xx) or impossible: recorded, not retried.
        case refused(status: Int, error: String, body: String)
        /// Not sent: the repository's relay budget is spent; try in this many seconds (no failure).
        case paced(after: Double)
    }

    let store: Store
    let archive: ReportArchive
    let options: PublishOptions
    let callbacks: CallbackBuilder
    let relay: RelayClient?
    let logger: Logger

    /// Makes the delivery of `task`.
    func deliver(_ task: ClaimedPublishTask) async -> Outcome {
        switch task.target {
        case .hudRows: return await deliverRows(task)
        case .relayInProgress: return await deliverCallback(task, status: .inProgress)
        case .relayCompleted: return await deliverCallback(task, status: .completed)
        }
    }

    /// The three objects of the task's workflow run (or job), written under their keys.
    func deliverRows(_ task: ClaimedPublishTask) async -> Outcome {
        guard let sink = options.sink else {
            return .refused(status: 0, error: "no rows sink is configured", body: "")
        }
        let objects: [HUDObjects.Object]
        do {
            objects = try await buildObjects(task)
        } catch let error as ArchiveError where error.code == .unavailable {
            // The report archive is down: the rows can be built once it is back.
            return .retry(status: nil, error: "building the rows: \(error)")
        } catch {
            return .refused(status: 0, error: "building the rows: \(error)", body: "")
        }
        var keys: [String] = []
        for object in objects {
            do {
                try await sink.put(key: object.key, gzip: object.gzip)
                keys.append(object.key)
            } catch let error as S3Error {
                if error.status == 429 || error.status >= 500 {
                    return .retry(status: error.status, error: "\(object.key): \(error)")
                }
                return .refused(status: error.status, error: "\(object.key): S3 refused the object", body: error.body)
            } catch {
                return .retry(status: nil, error: "\(object.key): \(error)")
            }
        }
        return .delivered(status: 200, keys: keys)
    }

    /// The rows of every processed report of the task's workflow run (or job), rerun-aware.
    func buildObjects(_ task: ClaimedPublishTask) async throws -> [HUDObjects.Object] {
        let reports = try await store.outbox.rowsReports(for: task)
        // Gunzip, parse and row writing are CPU-bound: they run on a thread of their own.
        let builder = BlockingBox(RowsBuilder(rerunAware: true))
        var workflowID: Int64 = 0
        var jobNumber: Int64 = 0
        for report in reports {
            guard let (_, content) = try await store.queue.uploadContent(id: report.uploadID) else { continue }
            let gzip: [UInt8]
            switch content {
            case .inline(let bytes): gzip = bytes
            case .expired(let at):
                // Rows without this report would replace complete ones: refuse instead.
                throw ArchiveError(
                    .missing,
                    "the raw report of upload \(report.uploadID.uuidString.lowercased()) was removed by raw-report "
                        + "retention at \(at.formatted(.iso8601)); its job's rows cannot be built again")
            case .archived(let key, _):
                guard let bytes = try await archive.load(key: key) else {
                    throw ArchiveError(.missing, "no object \(key) in \(archive.location)")
                }
                gzip = bytes
            }
            workflowID = HUDIDs.workflowID(
                repo: task.repo, workflow: report.workflow, runID: task.runID, externalJobID: report.externalJobID)
            jobNumber = HUDIDs.jobID(externalJobID: report.externalJobID, hudrelayJobID: report.jobID)
            let origin = PyTorchRows.Origin(
                workflowID: workflowID, workflowRunAttempt: Int64(task.runAttempt), jobID: jobNumber,
                invokingFile: HUDIDs.invokingFile(filename: report.filename))
            try await Blocking.run { try builder.value.add(report: GzipInflater.decompress(gzip), origin: origin) }
        }
        if reports.isEmpty {
            workflowID = HUDIDs.workflowID(repo: task.repo, workflow: "", runID: task.runID, externalJobID: "")
        }
        let (run, attempt, suffix) = (workflowID, Int64(task.runAttempt), task.perJob ? jobNumber : nil)
        return try await Blocking.run {
            try builder.value.objects(workflowRunID: run, attempt: attempt, jobSuffix: suffix)
        }
    }

    /// One relay callback of the task's job.
    func deliverCallback(_ task: ClaimedPublishTask, status: RelayCallback.Status) async -> Outcome {
        guard let relay, let source = options.relayToken else {
            return .refused(status: 0, error: "the server sends no relay callbacks (no relay URL or token)", body: "")
        }
        let body: String
        let repo: String
        do {
            guard let job = try await store.outbox.callbackJob(id: task.jobID) else {
                return .refused(status: 0, error: "job \(task.jobID) is gone", body: "")
            }
            repo = job.context.repo
            if let wait = options.relayPacer.reserve(repo: repo) { return .paced(after: wait) }
            body = try await callbacks.body(for: job, status: status, store: store)
        } catch let problem as Problem {
            return .refused(status: 0, error: problem.detail, body: "")
        } catch {
            return .retry(status: nil, error: "building the callback: \(error)")
        }
        let token: String
        do { token = try await source.token() } catch { return .retry(status: nil, error: "\(error)") }
        do {
            let (code, answer) = try await relay.post(body: body, token: token)
            if (200..<300).contains(code) { return .delivered(status: code, keys: []) }
            if code == 429 {
                // No Retry-After comes with it: hold every callback of the repository back.
                options.relayPacer.throttle(
                    repo: repo, for: Backoff.seconds(failures: task.failures, base: 2, cap: 120))
                return .retry(status: code, error: "the relay answered 429 (rate limit)")
            }
            if code >= 500 { return .retry(status: code, error: "the relay answered \(code)") }
            return .refused(status: code, error: "the relay refused the \(status.rawValue) callback", body: answer)
        } catch {
            return .retry(status: nil, error: "posting to the relay: \(error)")
        }
    }
}
