import Foundation
import HudrelayAPI
import HudrelayStore
import Hummingbird

/// `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.
struct HealthController<Context: RequestContext>: Sendable {
    let store: Store
    let metrics: ServerMetrics
    /// The contract as this server serves it: with its declared stages.
    let document: String
    /// The stages' scorecards (the open outage gauge).
    let scorecards: ScorecardReader
    /// The open outages as last computed, and when: a scrape within ``outageGaugeMaxAge`` of it
    /// reads them again instead of every stage's 91 days of jobs.
    let outageGauge = Locked<(at: ContinuousClock.Instant, values: [OpenOutage])?>(nil)
    /// How old the outage gauge may be.
    static var outageGaugeMaxAge: Duration { .seconds(60) }

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
        guard store.readClient != nil else { return JSONResponse.make(#"{"status":"ready"}"#) }
        let lag: Double?
        do { lag = try await replicaLag() } catch {
            context.logger.warning("read replica unreachable", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(
                .serviceUnavailable, "read_replica_unreachable", "Not ready",
                "the read replica (--read-database-url) does not answer")
        }
        return JSONResponse.make(#"{"status":"ready","read_replica":{"lag_seconds":\#(lag ?? 0)}}"#)
    }

    /// The read replica's lag, within 5 s: a replica that is down must not hold the probe up.
    private func replicaLag() async throws -> Double? {
        let store = self.store
        return try await StepDeadline.run("reading the read replica's lag", limit: .seconds(5)) {
            try await store.reads.replicaLag()
        }
    }

    /// Prometheus text exposition.
    @Sendable func scrape(_ request: Request, context: Context) async throws -> Response {
        var text = metrics.registry.emitToString()
        if store.readClient != nil, let lag = try? await replicaLag() {
            Self.gauge(
                &text, "hudrelay_read_replica_lag_seconds",
                "How far the replica serving reads (--read-database-url) is behind the primary", "\(lag)")
        }
        if let q = try? await store.queue.queueStats() {
            Self.gauge(&text, "hudrelay_queue_depth", "Uploads queued or being processed", "\(q.depth)")
            Self.gauge(
                &text, "hudrelay_queue_oldest_age_seconds", "Age of the oldest queued upload",
                "\(q.oldestQueuedSeconds)")
        }
        if let p = try? await store.outbox.publishStats() {
            text += "# HELP hudrelay_publish_tasks Deliveries to HUD's channels by state\n"
            text += "# TYPE hudrelay_publish_tasks gauge\n"
            for state in ["pending", "sending", "done", "failed"] {
                text += "hudrelay_publish_tasks{state=\"\(state)\"} \(p.counts[state] ?? 0)\n"
            }
            Self.gauge(
                &text, "hudrelay_publish_oldest_pending_seconds", "Age of the oldest delivery not yet made",
                "\(p.oldestPendingSeconds)")
        }
        if let a = try? await store.reads.analysisFreshness() {
            Self.gauge(
                &text, "hudrelay_analysis_queue_depth", "Jobs waiting for the flakiness analysis", "\(a.queuedJobs)")
            Self.gauge(
                &text, "hudrelay_analysis_pending_uploads", "Reports received but not yet in the flaky figures",
                "\(a.pendingUploads)")
            Self.gauge(
                &text, "hudrelay_analysis_queue_oldest_age_seconds", "Age of the oldest job waiting for analysis",
                "\(a.oldestQueuedSeconds)")
        }
        if let share = try? await store.reads.flakyShare(days: 14, minFlakyRuns: 2) {
            let value = share.executed > 0 ? Double(share.flaky) / Double(share.executed) : 0
            Self.gauge(
                &text, "hudrelay_flaky_share", "Share of executed tests that were flaky in the last 14 days", "\(value)"
            )
        }
        if let open = await openOutages() {
            text += "# HELP hudrelay_outage_open_hours Age of the stage's open outage in hours, 0 when none is open\n"
            text += "# TYPE hudrelay_outage_open_hours gauge\n"
            for o in open {
                text += "hudrelay_outage_open_hours{repo=\"\(Self.label(o.repo))\",stage=\"\(o.stage)\"} \(o.hours)\n"
            }
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Appends one gauge, with its help and type lines, in the text exposition format.
    static func gauge(_ text: inout String, _ name: String, _ help: String, _ value: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
    }

    /// Every stage's open outage, computed at most once a minute.
    func openOutages() async -> [OpenOutage]? {
        let now = ContinuousClock.now
        if let cached = outageGauge.value, now - cached.at < Self.outageGaugeMaxAge { return cached.values }
        guard let values = try? await scorecards.openOutages() else { return nil }
        outageGauge.set((now, values))
        return values
    }

    /// `value` escaped as a label value of the text exposition format.
    static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// The OpenAPI document.
    @Sendable func openAPI(_ request: Request, context: Context) async throws -> Response {
        JSONResponse.make(document)
    }
}
