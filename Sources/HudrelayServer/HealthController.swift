import Foundation
import HudrelayStore
import Hummingbird

/// `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.
struct HealthController<Context: RequestContext>: Sendable {
    let store: Store
    let metrics: ServerMetrics

    func addRoutes(to router: Router<Context>) {
        router.get("healthz", use: healthz)
        router.get("readyz", use: readyz)
        router.get("metrics", use: scrape)
        router.get("openapi.json", use: openAPI)
    }

    /// The process is up.
    @Sendable func healthz(_ request: Request, context: Context) async throws -> Response {
        JSONResponse.make(#"{"status":"ok"}"#)
    }

    /// The database answers and every migration is applied.
    @Sendable func readyz(_ request: Request, context: Context) async throws -> Response {
        guard await store.ping() else {
            throw Problem(.serviceUnavailable, "database_unreachable", "Not ready", "the database does not answer")
        }
        let pending = try await store.migrator.pending()
        guard pending.isEmpty else {
            throw Problem(
                .serviceUnavailable, "migrations_pending", "Not ready",
                "migrations not applied: \(pending.map(\.name).joined(separator: ", ")); run `hudrelay migrate`")
        }
        return JSONResponse.make(#"{"status":"ready"}"#)
    }

    /// Prometheus text exposition.
    @Sendable func scrape(_ request: Request, context: Context) async throws -> Response {
        var text = metrics.registry.emitToString()
        if let q = try? await store.queueStats() {
            text += "# HELP hudrelay_queue_depth Uploads queued or being processed\n"
            text += "# TYPE hudrelay_queue_depth gauge\nhudrelay_queue_depth \(q.depth)\n"
            text += "# HELP hudrelay_queue_oldest_age_seconds Age of the oldest queued upload\n"
            text +=
                "# TYPE hudrelay_queue_oldest_age_seconds gauge\nhudrelay_queue_oldest_age_seconds \(q.oldestQueuedSeconds)\n"
        }
        if let p = try? await store.publishStats() {
            text += "# HELP hudrelay_publish_tasks Deliveries to HUD's channels by state\n"
            text += "# TYPE hudrelay_publish_tasks gauge\n"
            for state in ["pending", "sending", "done", "failed"] {
                text += "hudrelay_publish_tasks{state=\"\(state)\"} \(p.counts[state] ?? 0)\n"
            }
            text += "# HELP hudrelay_publish_oldest_pending_seconds Age of the oldest delivery not yet made\n"
            text +=
                "# TYPE hudrelay_publish_oldest_pending_seconds gauge\nhudrelay_publish_oldest_pending_seconds \(p.oldestPendingSeconds)\n"
        }
        if let a = try? await store.analysisFreshness() {
            text += "# HELP hudrelay_analysis_queue_depth Jobs waiting for the flakiness analysis\n"
            text += "# TYPE hudrelay_analysis_queue_depth gauge\nhudrelay_analysis_queue_depth \(a.queuedJobs)\n"
            text += "# HELP hudrelay_analysis_pending_uploads Reports received but not yet in the flaky figures\n"
            text +=
                "# TYPE hudrelay_analysis_pending_uploads gauge\nhudrelay_analysis_pending_uploads \(a.pendingUploads)\n"
            text += "# HELP hudrelay_analysis_queue_oldest_age_seconds Age of the oldest job waiting for analysis\n"
            text +=
                "# TYPE hudrelay_analysis_queue_oldest_age_seconds gauge\n"
                + "hudrelay_analysis_queue_oldest_age_seconds \(a.oldestQueuedSeconds)\n"
        }
        if let share = try? await store.flakyShare(days: 14, minFlakyRuns: 2) {
            let value = share.executed > 0 ? Double(share.flaky) / Double(share.executed) : 0
            text += "# HELP hudrelay_flaky_share Share of executed tests that were flaky in the last 14 days\n"
            text += "# TYPE hudrelay_flaky_share gauge\nhudrelay_flaky_share \(value)\n"
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The OpenAPI document.
    @Sendable func openAPI(_ request: Request, context: Context) async throws -> Response {
        JSONResponse.make(OpenAPIDocument.json)
    }
}
