import Foundation
import HudrelayAPI
import HudrelayStore
import Hummingbird

/// The upload-side operations: an upload's status, finishing a job, and the deliveries.
extension APIHandler {
    func getUpload(_ input: Operations.GetUpload.Input) async throws -> Operations.GetUpload.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            throw Problem.badRequest("bad_id", "an upload id is a UUID such as 8f3c3a0e-0000-4000-8000-000000000000")
        }
        let deadline = ContinuousClock.now + .milliseconds(Int((input.query.wait ?? 0) * 1000))
        guard var s = try await store.queue.uploadStatus(id: id) else {
            throw Problem.notFound("there is no upload \(id.uuidString.lowercased())")
        }
        while s.state == .queued || s.state == .processing, ContinuousClock.now < deadline {
            // Woken by this process's workers; every 50 ms for uploads other processes handle.
            await finished.wait(timeout: min(.milliseconds(50), deadline - ContinuousClock.now))
            try Task.checkCancellation()
            s = try await store.queue.uploadStatus(id: id) ?? s
        }
        return .ok(.init(body: .json(.init(s))))
    }

    func finishJob(_ input: Operations.FinishJob.Input) async throws -> Operations.FinishJob.Output {
        try await UploadToken.check(try Self.request(), store: store)
        let id = Int64(input.path.id)
        guard try await store.outbox.requestFinish(jobID: id, publishing: publishing) else {
            throw Problem.notFound("there is no job \(id)")
        }
        let job = try await store.outbox.callbackJob(id: id)
        return .accepted(
            .init(body: .json(.init(id: Int(id), finishRequested: true, finished: job?.finishedAt != nil))))
    }

    func listDeliveries(_ input: Operations.ListDeliveries.Input) async throws -> Operations.ListDeliveries.Output {
        let tasks = try await store.outbox.publishTasks(
            state: input.query.state?.rawValue, jobID: input.query.job.map(Int64.init), limit: input.query.limit ?? 100)
        let stats = try await store.outbox.publishStats()
        let counts = Components.Schemas.Deliveries.CountsPayload(
            pending: stats.counts["pending"] ?? 0, sending: stats.counts["sending"] ?? 0,
            done: stats.counts["done"] ?? 0, failed: stats.counts["failed"] ?? 0)
        return .ok(
            .init(
                body: .json(
                    .init(
                        counts: counts, oldestPendingSeconds: stats.oldestPendingSeconds,
                        tasks: tasks.map(Components.Schemas.Delivery.init)))))
    }
}
