import Foundation
import HudrelayHUD
import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization

/// A Cross-Repo CI Relay on loopback that enforces the relay's rules (`hud-format.md` §4.3):
/// a bearer token, a body of at most 2 MB, the required fields (`delivery_id`, `workflow.status`,
/// `workflow.run_id`, `workflow.name`, and HUD's `workflow.job_name`, `workflow.check_run_id`), a
/// dispatch record for pull-request deliveries, and the state machine
/// `DISPATCHED → IN_PROGRESS → COMPLETED` per `run_id:run_attempt:job_name`, duplicates refused.
/// Also a GitHub Actions OIDC token endpoint (`GET /oidc?audience=`).
final class RelayStandIn: Sendable {
    struct State {
        var token = "relay-token-1"
        var dispatched: Set<String> = []
        var machine: [String: String] = [:]
        var accepted: [String] = []
        var refused: [(Int, String)] = []
        /// Callbacks still to answer with 429 (no Retry-After), as the relay does past its limit.
        var tooMany = 0
        /// Why triage verdicts were dropped, as the relay drops a malformed one.
        var droppedVerdicts: [String] = []
    }

    let state = Mutex(State())
    /// The token the OIDC endpoint hands out, and the bearer it wants.
    static let oidcRequestToken = "actions-request-token"

    /// Records a dispatch the relay sent (the callbacks that answer it are then accepted).
    func dispatch(_ deliveryID: String) { state.withLock { _ = $0.dispatched.insert(deliveryID) } }
    /// Changes the token the relay accepts.
    func rotate(to token: String) { state.withLock { $0.token = token } }

    /// Answers the next `n` callbacks with 429.
    func rateLimit(next n: Int) { state.withLock { $0.tooMany = n } }

    /// Why verdicts were dropped.
    var droppedVerdicts: [String] { state.withLock { $0.droppedVerdicts } }
    /// The bodies accepted, in order.
    var accepted: [String] { state.withLock { $0.accepted } }
    /// The refusals (status, reason), in order.
    var refused: [(Int, String)] { state.withLock { $0.refused } }

    /// Runs the stand-in on a free port while `body` runs.
    func with<T: Sendable>(_ body: @Sendable (_ base: String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("github/callback") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 8 << 20)
            let auth = request.headers[.authorization] ?? ""
            let (status, reason) = self.judge(auth: auth, body: String(buffer: bytes), size: bytes.readableBytes)
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"message\": \"\(reason)\"}")))
        }
        router.get("oidc") { request, _ -> Response in
            let audience = request.uri.queryParameters.get("audience") ?? ""
            guard request.headers[.authorization] == "Bearer \(Self.oidcRequestToken)",
                audience == RelayClient.audience
            else { return Response(status: .forbidden) }
            let token = self.state.withLock { $0.token }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"count\": 1, \"value\": \"\(token)\"}")))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: TestDatabase.logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestDatabase.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw CancellationError() }
            let result: Result<T, any Error>
            do { result = .success(try await body("http://127.0.0.1:\(port)")) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// The relay's answer to one callback.
    func judge(auth: String, body: String, size: Int) -> (Int, String) {
        state.withLock { s in
            func refuse(_ code: Int, _ why: String) -> (Int, String) {
                s.refused.append((code, why))
                return (code, why)
            }
            guard auth == "Bearer \(s.token)" else { return refuse(401, "invalid OIDC token") }
            if s.tooMany > 0 {
                s.tooMany -= 1
                return refuse(429, "rate limit exceeded")
            }
            guard size <= 2 << 20 else { return refuse(413, "body larger than 2 MB") }
            guard case .dict(let d)? = try? PyJSONParser.parse(body), case .dict(let w)? = d["workflow"] else {
                return refuse(400, "body is not a JSON object with workflow")
            }
            func text(_ v: PyValue?) -> String? {
                if case .string(let t)? = v, !t.isEmpty { return t } else { return nil }
            }
            guard let delivery = text(d["delivery_id"]) else { return refuse(400, "missing delivery_id") }
            guard let status = text(w["status"]) else { return refuse(400, "missing workflow.status") }
            guard let runID = text(w["run_id"]) else { return refuse(400, "missing workflow.run_id") }
            guard text(w["name"]) != nil else { return refuse(400, "missing workflow.name") }
            guard let job = text(w["job_name"]), text(w["check_run_id"]) != nil else {
                return refuse(400, "missing workflow.job_name or check_run_id")
            }
            let selfReport = ["nightly", "periodic"].contains(text(d["event_type"]) ?? "")
            if !selfReport && !s.dispatched.contains(delivery) { return refuse(404, "no dispatch record") }
            let key = "\(runID):\(text(w["run_attempt"]) ?? "1"):\(job)"
            let current = s.machine[key] ?? "DISPATCHED"
            switch (current, status) {
            case ("DISPATCHED", "in_progress"): s.machine[key] = "IN_PROGRESS"
            case ("IN_PROGRESS", "completed"): s.machine[key] = "COMPLETED"
            case ("DISPATCHED", "completed") where selfReport: s.machine[key] = "COMPLETED"
            case (_, "in_progress"), (_, "completed"):
                return refuse(409, "\(status) after \(current): duplicate or out of order")
            default: return refuse(400, "unknown workflow.status \(status)")
            }
            if let verdict = w["triage_verdict"], let fault = RelayVerdictRules.fault(verdict) {
                s.droppedVerdicts.append(fault)
            }
            s.accepted.append(body)
            return (200, "ok")
        }
    }
}
