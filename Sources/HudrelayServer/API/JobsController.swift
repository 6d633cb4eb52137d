import Foundation
import HudrelayHUD
import HudrelayStore
import Hummingbird

/// Jobs as the publisher sees them: registering a job with its relay dispatch, finishing it, its
/// relay callback bodies, and the deliveries' status.
struct JobsController<Context: RequestContext>: Sendable {
    let store: Store
    let callbacks: CallbackBuilder
    /// The deliveries finishing a job creates.
    let publishing: PublishSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("jobs", use: register)
        group.post("jobs/:id/finish", use: finish)
        group.get("jobs/:id/relay-callback", use: relayCallback)
        group.get("publish", use: publish)
    }

    /// `POST /api/v1/jobs`: creates (or finds) the job of a JSON context, with the relay dispatch
    /// it answers (`delivery_id`, `event_type`, `payload`). Upload scope.
    @Sendable func register(_ request: Request, context: Context) async throws -> Response {
        try await UploadController<Context>.authorize(request, store: store)
        let body = try await request.body.collect(upTo: 2 << 20)
        let job: JobContext
        do {
            job = try JobContext.fromJSON(Array(body.readableBytesView))
            try job.validate()
        } catch let problem as Problem {
            throw problem
        } catch let error as StoreError {
            throw Problem.badRequest("bad_context", error.message)
        } catch {
            throw Problem.badRequest("bad_context", "the body is not a JSON job context (repo, sha, …): \(error)")
        }
        let (store, publishing) = (self.store, self.publishing)
        let id = try await TransactionConflict.retrying {
            try await store.outbox.registerJob(context: job, publishing: publishing)
        }
        var w = JSONWriter()
        w.add("id", Int(id))
        w.add("url", "/api/v1/jobs/\(id)")
        return JSONResponse.make(w.finish())
    }

    /// `POST /api/v1/jobs/{id}/finish`: the job has uploaded everything; once its uploads are
    /// processed it is finished and published. Upload scope.
    @Sendable func finish(_ request: Request, context: Context) async throws -> Response {
        try await UploadController<Context>.authorize(request, store: store)
        let id = try ReadController<Context>.jobID(context)
        guard try await store.outbox.requestFinish(jobID: id, publishing: publishing) else {
            throw Problem.notFound("there is no job \(id)")
        }
        let job = try await store.outbox.callbackJob(id: id)
        var w = JSONWriter()
        w.add("id", Int(id))
        w.add("finish_requested", true)
        w.add("finished", job?.finishedAt != nil)
        return JSONResponse.make(w.finish(), status: .accepted)
    }

    /// `GET /api/v1/jobs/{id}/relay-callback?status=in_progress|completed`: the callback body to
    /// post to the relay, exactly (what `hudrelay hud report` sends).
    @Sendable func relayCallback(_ request: Request, context: Context) async throws -> Response {
        let id = try ReadController<Context>.jobID(context)
        let raw = request.formQuery.get("status") ?? ""
        guard let status = RelayCallback.Status(rawValue: raw) else {
            throw Problem.badRequest(
                "bad_status", "status must be in_progress or completed, got '\(QueryReader.shown(raw))'")
        }
        guard let job = try await store.outbox.callbackJob(id: id) else {
            throw Problem.notFound("there is no job \(id)")
        }
        let body = try await callbacks.body(for: job, status: status, store: store)
        return JSONResponse.make(body)
    }

    /// `GET /api/v1/publish?state=&job=&limit=`: deliveries, newest first, with the counts per state.
    @Sendable func publish(_ request: Request, context: Context) async throws -> Response {
        let q = QueryReader(request.formQuery)
        let state = try q.choice("state", ["pending", "sending", "done", "failed"], code: "bad_state")
        let jobID = try q.int("job", 1...Int64.max, code: "bad_job")
        let limit = try q.limit(default: 100)
        let tasks = try await store.outbox.publishTasks(state: state, jobID: jobID, limit: limit)
        let stats = try await store.outbox.publishStats()
        var counts = JSONWriter()
        for key in ["pending", "sending", "done", "failed"] { counts.add(key, stats.counts[key] ?? 0) }
        var out = JSONWriter()
        out.addRaw("counts", counts.finish())
        out.add("oldest_pending_seconds", stats.oldestPendingSeconds)
        out.addRaw("tasks", JSONWriter.array(tasks.map(Self.json)))
        return JSONResponse.make(out.finish())
    }

    static func json(_ t: PublishTaskStatus) -> String {
        var w = JSONWriter()
        w.add("id", Int(t.id))
        w.add("target", t.target)
        w.add("subject", t.subject)
        w.add("job_id", Int(t.jobID))
        w.add("state", t.state)
        w.add("generation", t.generation)
        w.add("delivered_generation", t.sentGeneration)
        w.add("attempts", t.attempts)
        let iso = ISO8601DateFormatter()
        w.add("created_at", iso.string(from: t.createdAt))
        w.add("delivered_at", t.deliveredAt.map { iso.string(from: $0) })
        w.add("next_attempt_at", iso.string(from: t.availableAt))
        w.add("last_status", t.lastStatus)
        w.add("last_error", t.lastError)
        w.add("response_body", t.responseBody)
        w.addRaw("keys", JSONWriter.array(t.keys.map(Self.quote)))
        return w.finish()
    }

    static func quote(_ s: String) -> String {
        var out = ""
        PyJSON.string(s, into: &out)
        return out
    }
}
