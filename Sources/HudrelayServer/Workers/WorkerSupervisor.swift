import Foundation
import HudrelayStore
import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the workers in a child process (`hudrelay work --child`) and starts it again whenever it
/// ends, so the API stays up whatever happens to a worker.
///
/// PostgresNIO 1.33.2 can stop a process with a precondition failure, or leave a `COPY` waiting for
/// good, when a connection drops during the `COPY`. In a child that is harmless: a worker that
/// stalls hands its upload back and the child restarts itself (exit status 75); a child that
/// crashes is started again, and the uploads it held are handed back at once instead of waiting
/// for their leases. The child's events (uploads processed, parse failures, …) come over a pipe and
/// go into this process's metrics and wake-ups. On graceful shutdown the child gets SIGTERM, and
/// SIGKILL if it has not ended within ``WorkerProcessOptions/shutdownLimit``.
public struct WorkerSupervisor: Service {
    let store: Store
    let options: WorkerProcessOptions
    let events: any WorkerEvents
    let metrics: ServerMetrics
    let logger: Logger

    /// A supervisor that replays the child's events on `events`.
    public init(
        store: Store, options: WorkerProcessOptions, events: any WorkerEvents, metrics: ServerMetrics, logger: Logger
    ) {
        self.store = store
        self.options = options
        self.events = events
        self.metrics = metrics
        self.logger = logger
    }

    /// The exit status with which a worker process asks to be started again at once.
    public static let restartStatus: Int32 = 75

    /// Supervises until shutdown.
    public func run() async throws {
        var backoff = Duration.seconds(1)
        let host = ProcessInfo.processInfo.hostName
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let child: ChildProcess
            do {
                child = try ChildProcess(
                    path: options.executable, arguments: options.arguments, environment: options.environment)
            } catch {
                logger.error("cannot start the worker process", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
                continue
            }
            let started = ContinuousClock.now
            logger.info("worker process started", metadata: ["pid": "\(child.pid)"])
            Self.readEvents(child, into: events)
            let limit = options.shutdownLimit
            let ended = await withTaskCancellationHandler {
                await withGracefulShutdownHandler {
                    await Self.exit(of: child)
                } onGracefulShutdown: {
                    child.send(SIGTERM)
                    Thread.detachNewThread {
                        Thread.sleep(forTimeInterval: Double(limit.components.seconds))
                        child.send(SIGKILL)  // a no-op once it has ended
                    }
                }
            } onCancel: {
                child.send(SIGKILL)
            }
            let released = await release(ownerPrefix: "\(host):\(child.pid):")
            if Task.isShuttingDownGracefully || Task.isCancelled {
                logger.info(
                    "worker process stopped",
                    metadata: ["pid": "\(child.pid)", "how": "\(ended)", "released": "\(released)"])
                return
            }
            metrics.workerRestarts.increment()
            let lived = ContinuousClock.now - started
            if ended == .exited(Self.restartStatus) {
                logger.warning(
                    "worker process asked to be restarted",
                    metadata: ["pid": "\(child.pid)", "released": "\(released)"])
                continue
            }
            if lived > .seconds(60) { backoff = .seconds(1) }
            logger.error(
                "worker process ended; starting it again",
                metadata: [
                    "pid": "\(child.pid)", "how": "\(ended)", "released": "\(released)", "delay": "\(backoff)",
                ])
            try? await cancelWhenGracefulShutdown { [backoff] in try await Task.sleep(for: backoff) }
            backoff = min(backoff * 2, .seconds(30))
        }
    }

    /// Hands back what the ended process held; 0 when the database does not answer (the leases then
    /// expire on their own).
    private func release(ownerPrefix: String) async -> Int {
        let store = self.store
        do {
            return try await StepDeadline.run("handing back a worker process's uploads", limit: .seconds(10)) {
                try await store.queue.releaseLeases(ownerPrefix: ownerPrefix)
            }
        } catch {
            logger.warning(
                "could not hand back the ended worker process's uploads; their leases will expire",
                metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Waits, on a thread of its own, for `child` to end.
    private static func exit(of child: ChildProcess) async -> Subprocess.Termination {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: child.waitBlocking()) }
        }
    }

    /// Replays the child's event lines on `events`, on a thread of its own, until the pipe closes.
    private static func readEvents(_ child: ChildProcess, into events: any WorkerEvents) {
        Thread.detachNewThread {
            var pending: [UInt8] = []
            while true {
                let data = child.events.availableData
                if data.isEmpty { return }
                pending.append(contentsOf: data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    PipeWorkerEvents.replay(line[...], on: events)
                }
            }
        }
    }
}
