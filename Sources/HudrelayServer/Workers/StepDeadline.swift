import ServiceLifecycle
import Synchronization

/// A time limit on one step of database work, for callers that must not wait forever on a
/// connection that died (PostgresNIO 1.33.2 can leave a `COPY` on a dropped connection waiting for
/// good).
///
/// Past the limit the caller gets ``StepTimedOut``; the work's task is cancelled and left to end
/// on its own. It may still finish, so the work must be safe to have run (every write here checks
/// the lease or is idempotent).
public enum StepDeadline {
    /// Runs `work`, or throws ``StepTimedOut`` once `limit` has passed without it ending, or once
    /// `drain` has passed since graceful shutdown began. The caller's cancellation cancels `work`
    /// and is answered at once with `CancellationError`.
    public static func run<T: Sendable>(
        _ step: String, limit: Duration, drain: Duration? = nil, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let once = Once()
        let box = Locked<(Task<Void, Never>, CheckedContinuation<T, any Error>)?>(nil)
        let give: @Sendable (any Error) -> Void = { error in
            guard let (task, continuation) = box.value, once.claim() else { return }
            task.cancel()
            continuation.resume(throwing: error)
        }
        return try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let task = Task {
                        let result = await Result(catching: work)
                        if once.claim() { continuation.resume(with: result) }
                    }
                    box.set((task, continuation))
                    if Task.isCancelled { give(CancellationError()) }
                    Task {
                        try? await Task.sleep(for: limit)
                        give(StepTimedOut(step: step, limit: limit))
                    }
                }
            } onGracefulShutdown: {
                guard let drain else { return }
                Task {
                    try? await Task.sleep(for: drain)
                    give(StepTimedOut(step: step + " (shutting down)", limit: drain))
                }
            }
        } onCancel: {
            give(CancellationError())
        }
    }
}

/// A step of database work that did not end within its limit.
public struct StepTimedOut: Error, CustomStringConvertible, Sendable {
    /// What was being done.
    public var step: String
    /// The limit it passed.
    public var limit: Duration

    /// A line for logs.
    public var description: String { "\(step) did not end within \(limit.components.seconds) s" }
}
