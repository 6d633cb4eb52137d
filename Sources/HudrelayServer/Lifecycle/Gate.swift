import Synchronization

/// A one-way gate: tasks wait until it opens (the database is migrated), then pass at once.
public final class Gate: Sendable {
    private struct State {
        var open = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    }

    private let state = Mutex(State())

    /// A gate, closed unless `open`.
    public init(open: Bool = false) {
        state.withLock { $0.open = open }
    }

    /// Whether the gate has opened.
    public var isOpen: Bool { state.withLock { $0.open } }

    /// Opens the gate for every waiter, now and later.
    public func open() {
        let waiting = state.withLock { s -> [CheckedContinuation<Void, any Error>] in
            s.open = true
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for c in waiting { c.resume() }
    }

    /// Returns once the gate is open; throws `CancellationError` when the task is cancelled first.
    public func wait() async throws {
        let id = state.withLock { s -> Int in
            s.nextID &+= 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = state.withLock { s in
                    if s.open { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    s.waiters[id] = c
                    return nil
                }
                if let resumeNow { c.resume(with: resumeNow) }
            }
        } onCancel: {
            let c = state.withLock { $0.waiters.removeValue(forKey: id) }
            c?.resume(throwing: CancellationError())
        }
    }
}
