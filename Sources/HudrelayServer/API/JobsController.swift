import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayHUD
import HudrelayStore
import Hummingbird

/// The plain JSON routes whose bytes are the point: registering a job keeps the relay payload's
/// key order, its relay callback body is Python's `json.dumps` form, and the disabled-tests file is
/// PyTorch's. The contract's other JSON operations are ``APIHandler``'s.
struct JobsController<Context: RequestContext>: Sendable {
    let store: Store
    let callbacks: CallbackBuilder
    /// The deliveries registering a job creates.
    let publishing: PublishSettings
    /// The flakiness rule (the disabled-tests file).
    let criteria: FlakyCriteria
    /// Where hudrelay's pages are (the disabled-tests file links them).
    let publicURL: String

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("jobs", use: register)
        group.get("jobs/:id/relay-callback", use: relayCallback)
        group.get("disabled-tests", use: disabledTests)
    }

    /// `POST /api/v1/jobs`: creates (or finds) the job of a JSON context, with the relay dispatch
    /// it answers (`delivery_id`, `event_type`, `payload`). Upload scope.
    @Sendable func register(_ request: Request, context: Context) async throws -> Response {
        try await UploadToken.check(request, store: store)
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
        return JSONResponse.make(
            try APIJSON.string(Components.Schemas.RegisteredJob(id: Int(id), url: "/api/v1/jobs/\(id)")))
    }

    /// `GET /api/v1/jobs/{id}/relay-callback?status=in_progress|completed`: the callback body to
    /// post to the relay, exactly (what `hudrelay hud report` sends).
    @Sendable func relayCallback(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.jobID(context)
        let raw = request.formQuery.get("status") ?? ""
        guard let status = RelayCallback.Status(rawValue: raw) else {
            throw Problem.badRequest(
                "bad_status", "status must be in_progress or completed, got '\(QueryValue.shown(raw))'")
        }
        guard let job = try await store.outbox.callbackJob(id: id) else {
            throw Problem.notFound("there is no job \(id)")
        }
        let body = try await callbacks.body(for: job, status: status, store: store)
        return JSONResponse.make(body)
    }

    /// `GET /api/v1/disabled-tests?repo=&card_type=`: PyTorch's `disabled-tests-condensed.json`,
    /// written as PyTorch's tools write it.
    @Sendable func disabledTests(_ request: Request, context: Context) async throws -> Response {
        let q = request.formQuery
        var disabled = DisabledTests()
        disabled.criteria = criteria
        disabled.publicURL = publicURL
        let entries = try await disabled.entries(
            store: store, repo: FlakyQuery.value(q, "repo"), cardType: FlakyQuery.value(q, "card_type"))
        return JSONResponse.make(DisabledTests.json(entries))
    }

    /// The `{id}` path parameter: a job id (1 or more).
    static func jobID(_ context: Context) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = QueryValue.integer(raw), id >= 1 else {
            throw Problem.badRequest("bad_id", "a job id is a whole number from 1 to \(Int64.max)")
        }
        return id
    }
}
