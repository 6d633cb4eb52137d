import Foundation
import HudrelayJUnit
import HudrelayStore
import Logging
import ServiceLifecycle

/// Turns queued uploads into rows, one at a time.
///
/// On graceful shutdown (SIGTERM) a worker finishes the upload it holds, commits it, and stops:
/// no half-processed upload is left behind. A worker that dies instead leaves its lease to expire,
/// and another worker reclaims the upload.
public struct WorkerService: Service {
    let store: Store
    let metrics: ServerMetrics
    let wakeup: Wakeup
    let name: String
    let options: WorkerOptions
    let finished: Wakeup?
    let logger: Logger

    /// Creates a worker. It signals `finished` whenever it has finished with an upload.
    public init(
        store: Store, metrics: ServerMetrics, wakeup: Wakeup, name: String, options: WorkerOptions,
        finished: Wakeup? = nil, logger: Logger
    ) {
        self.store = store
        self.metrics = metrics
        self.wakeup = wakeup
        self.name = name
        self.options = options
        self.finished = finished
        self.logger = logger
    }

    /// Processes uploads until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var worked = false
            do {
                worked = try await processNext()
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
        guard let claim = try await store.claimUpload(owner: name, lease: options.lease) else { return false }
        defer { finished?.signal() }
        let started = ContinuousClock.now
        let log = logger.with(["worker": "\(name)", "upload": "\(claim.id)", "attempt": "\(claim.attempt)"])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await heartbeat(claim) }
                defer { group.cancelAll() }
                try await process(claim, log)
            }
            metrics.processingSeconds.record(ContinuousClock.now - started)
        } catch let error where StoreError.find(in: error)?.code == .leaseLost {
            log.warning("lease lost; another worker has the upload")
        } catch let error where StoreError.find(in: error)?.code == .testIDCollision {
            // Retrying cannot help: the report is kept, failed, with the reason.
            let message = StoreError.find(in: error)?.message ?? "\(error)"
            log.error("test id collision", metadata: ["error": "\(message)"])
            try? await store.failUpload(
                id: claim.id, owner: name, error: message, kind: StoreError.Code.testIDCollision.rawValue, line: nil,
                column: nil)
        } catch {
            let delay = Duration.seconds(min(60, 1 << min(claim.attempt, 6)))
            if claim.attempt >= options.maxAttempts {
                log.error("giving up on upload", metadata: ["error": "\(error)"])
                try? await store.failUpload(
                    id: claim.id, owner: name, error: "gave up after \(claim.attempt) attempts: \(error)",
                    kind: "processing", line: nil, column: nil)
            } else {
                log.warning("processing failed; will retry", metadata: ["error": "\(error)", "delay": "\(delay)"])
                metrics.processingRetries.increment()
                try? await store.retryUpload(id: claim.id, owner: name, error: "\(error)", after: delay)
            }
        }
        return true
    }

    private func process(_ claim: ClaimedUpload, _ log: Logger) async throws {
        let streamer = ReportStreamer()
        let load = streamer.start(claim, known: store.knownTests, options: options.parser)
        let rows: Int
        do {
            rows = try await store.completeUpload(claim, owner: name, load: load)
        } catch {
            guard let parseError = streamer.parseError else { throw error }
            try await store.failUpload(
                id: claim.id, owner: name, error: parseError.message, kind: parseError.kind.rawValue,
                line: parseError.line, column: parseError.column)
            metrics.parseFailures.increment()
            log.info("report did not parse", metadata: ["error": "\(parseError)"])
            return
        }
        metrics.uploadsProcessed.increment()
        metrics.resultsStored.increment(by: Int64(rows))
        log.info("upload processed", metadata: ["results": "\(rows)"])
    }

    /// Renews the lease while the upload is processed.
    private func heartbeat(_ claim: ClaimedUpload) async throws {
        while true {
            try await Task.sleep(for: options.lease / 3)
            guard try await store.renewLease(id: claim.id, owner: name, lease: options.lease) else { return }
        }
    }
}

/// How workers behave.
public struct WorkerOptions: Sendable {
    /// How long a claim is held without renewal before another worker may take it.
    public var lease: Duration = .seconds(30)
    /// How often an idle worker looks at the queue without a notification.
    public var pollInterval: Duration = .seconds(2)
    /// Attempts before an upload that keeps failing (not a parse error) is marked failed.
    public var maxAttempts = 5
    /// The parser's limits.
    public var parser = ParserOptions()

    /// The defaults.
    public init() {}
}

extension Logger {
    func with(_ metadata: Logger.Metadata) -> Logger {
        var copy = self
        for (k, v) in metadata { copy[metadataKey: k] = v }
        return copy
    }
}
