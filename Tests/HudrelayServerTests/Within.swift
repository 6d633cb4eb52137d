import Synchronization

/// `within` gave up: the call did not end in time.
struct TimedOut: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "\(what) did not end within \(limit)" }
}

/// Runs `body` and returns its value, or throws ``TimedOut`` once `limit` passes, even when `body`
/// ignores cancellation (it is cancelled and left to end on its own).
///
/// - Important: For the tests' own waits on a database or a process that may be wedged: a test
///   must fail with a message, not hang the run until CI's limit.
func within<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let state = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let resume: @Sendable (Result<T, any Error>) -> Void = { result in
        state.withLock { c in
            c?.resume(with: result)
            c = nil
        }
    }
    let work = Mutex<Task<Void, Never>?>(nil)
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            state.withLock { $0 = continuation }
            let task = Task {
                do { resume(.success(try await body())) } catch { resume(.failure(error)) }
            }
            work.withLock { $0 = task }
            let timer = Task {
                try await Task.sleep(for: limit)
                resume(.failure(TimedOut(what: what, limit: limit)))
                task.cancel()
            }
            Task {
                await task.value
                timer.cancel()
            }
        }
    } onCancel: {
        work.withLock { $0?.cancel() }
        resume(.failure(CancellationError()))
    }
}
