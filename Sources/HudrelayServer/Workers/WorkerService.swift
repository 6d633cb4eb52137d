import Foundation
import HudrelayJUnit
import HudrelayStore
import Logging
import ServiceLifecycle

/// Turns queued uploads into rows, one at a time.
///
/// Every attempt is watched: the lease is renewed only while the attempt's database work makes
/// progress. An attempt stalled for ``WorkerOptions/stallLimit`` (a connection that died under a
/// `COPY`) is given up and handed back to the queue, and the worker carries on with a fresh
/// connection; ``onStall`` lets a worker process restart itself to drop what the dead connection
/// holds. On graceful shutdown (SIGTERM) the upload in hand gets ``WorkerOptions/drainLimit`` to
/// commit, then is handed back. A worker that dies leaves its lease to expire, and another worker
/// reclaims the upload.
public struct WorkerService: Service {
    let store: Store
    let events: any WorkerEvents
    let wakeup: Wakeup
    let name: String
    let options: WorkerOptions
    let onStall: (@Sendable () -> Void)?
    let logger: Logger

    /// Creates a worker that reports to `events`. With `onStall`, a worker stops after an attempt it
    /// had to give up and calls `onStall` (a worker process then restarts itself); without, it
    /// goes on.
    public init(
        store: Store, events: any WorkerEvents, wakeup: Wakeup, name: String, options: WorkerOptions,
        onStall: (@Sendable () -> Void)? = nil, logger: Logger
    ) {
        self.store = store
        self.events = events
        self.wakeup = wakeup
        self.name = name
        self.options = options
        self.onStall = onStall
        self.logger = logger
    }

    /// Creates a worker that records into `metrics` and signals `finished` after each upload.
    public init(
        store: Store, metrics: ServerMetrics, wakeup: Wakeup, name: String, options: WorkerOptions,
        finished: Wakeup? = nil, logger: Logger
    ) {
        self.init(
            store: store, events: LocalWorkerEvents(metrics: metrics, finished: finished), wakeup: wakeup, name: name,
            options: options, logger: logger)
    }

    /// Processes uploads until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var worked = false
            do {
                switch try await next() {
                case .empty: break
                case .worked: worked = true
                case .stalled:
                    if let onStall {
                        // Claim nothing more; the process restarts once the others have drained.
                        onStall()
                        await cancelWhenGracefulShutdown { try? await Task.sleep(for: .seconds(86_400)) }
                        return
                    }
                    worked = true
                }
            } catch {
                logger.warning(
                    "worker could not reach the queue", metadata: ["worker": "\(name)", "error": "\(error)"])
            }
            if !worked {
                await cancelWhenGracefulShutdown { await wakeup.wait(timeout: options.pollInterval) }
            }
        }
    }

    /// Claims and processes one upload; `false` when the queue was empty.
    public func processNext() async throws -> Bool {
        try await next() != .empty
    }

    /// What ``next()`` did.
    enum Step { case empty, worked, stalled }

    /// Claims and processes one upload.
    func next() async throws -> Step {
        let store = self.store
        let (owner, lease) = (name, options.lease)
        guard
            let claim = try await StepDeadline.run(
                "claiming an upload", limit: options.stallLimit,
                { try await store.queue.claimUpload(owner: owner, lease: lease) }
            )
        else { return .empty }
        defer { events.finished() }
        let started = ContinuousClock.now
        let log = logger.with([
            "worker": "\(name)", "upload": "\(claim.id.uuidString.lowercased())", "attempt": "\(claim.attempt)",
        ])
        guard let claim = await fetched(claim, log) else { return .worked }
        switch await attempt(claim, log) {
        case .done(let rows):
            events.processed(seconds: (ContinuousClock.now - started).inSeconds, results: rows)
            log.info("upload processed", metadata: ["results": "\(rows)"])
        case .parseFailed(let error):
            events.parseFailed()
            log.info("report did not parse", metadata: ["error": "\(error)"])
        case .stalled(let idle):
            events.stalled()
            log.error(
                "attempt stalled: no database progress; giving it up and handing the upload back",
                metadata: ["idle_seconds": "\(idle.components.seconds)"])
            await handBack(claim, log)
            return .stalled
        case .drained:
            log.notice("stopping: upload handed back to the queue")
            await handBack(claim, log)
        case .failed(let error):
            await failed(claim, error, log)
        }
        return .worked
    }

    /// Hands `claim` back to the queue, within the stall limit (the lease expires otherwise).
    func handBack(_ claim: ClaimedUpload, _ log: Logger) async {
        let (store, owner) = (store, name)
        do {
            try await StepDeadline.run("handing an upload back", limit: options.stallLimit) {
                try await store.queue.releaseUpload(id: claim.id, owner: owner)
            }
        } catch {
            log.warning("could not hand the upload back; its lease will expire", metadata: ["error": "\(error)"])
        }
    }

    func failed(_ claim: ClaimedUpload, _ error: any Error, _ log: Logger) async {
        let (store, owner) = (store, name)
        if StoreError.find(in: error)?.code == .leaseLost {
            log.warning("lease lost; another worker has the upload")
            return
        }
        if StoreError.find(in: error)?.code == .testIDCollision {
            // Retrying cannot help: the report is kept, failed, with the reason.
            let message = StoreError.find(in: error)?.message ?? "\(error)"
            log.error("test id collision", metadata: ["error": "\(message)"])
            try? await StepDeadline.run("marking an upload failed", limit: options.stallLimit) {
                try await store.queue.failUpload(
                    id: claim.id, owner: owner, error: message, kind: StoreError.Code.testIDCollision.rawValue,
                    line: nil, column: nil, publishing: options.publishing)
            }
            return
        }
        if DatabaseOutage.matches(error) || error is StepTimedOut {
            // The database, not the report: not an attempt that counts.
            log.warning("database unavailable; handing the upload back", metadata: ["error": "\(error)"])
            events.retried()
            await handBack(claim, log)
            return
        }
        let delay = Duration.seconds(min(60, 1 << min(claim.attempt, 6)))
        if claim.attempt >= options.maxAttempts {
            log.error("giving up on upload", metadata: ["error": "\(error)"])
            try? await StepDeadline.run("marking an upload failed", limit: options.stallLimit) {
                try await store.queue.failUpload(
                    id: claim.id, owner: owner, error: "gave up after \(claim.attempt) attempts: \(error)",
                    kind: "processing", line: nil, column: nil, publishing: options.publishing)
            }
        } else {
            log.warning("processing failed; will retry", metadata: ["error": "\(error)", "delay": "\(delay)"])
            events.retried()
            try? await StepDeadline.run("putting an upload back", limit: options.stallLimit) {
                try await store.queue.retryUpload(id: claim.id, owner: owner, error: "\(error)", after: delay)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Logger {
    func with(_ metadata: Logger.Metadata) -> Logger {
        var copy = self
        for (k, v) in metadata { copy[metadataKey: k] = v }
        return copy
    }
}
