import ServiceLifecycle
import Synchronization

/// A worker process's request to be started again: it stops its services gracefully and exits
/// with ``WorkerSupervisor/restartStatus``.
final class RestartRequest: Sendable {
    private let state = Mutex<(requested: Bool, group: ServiceGroup?)>((false, nil))

    /// The group to stop.
    var group: ServiceGroup? {
        get { state.withLock { $0.group } }
        set { state.withLock { $0.group = newValue } }
    }

    /// Whether a restart was asked for.
    var requested: Bool { state.withLock { $0.requested } }

    /// Asks for a restart: the group shuts down gracefully.
    func request() {
        let group = state.withLock { s -> ServiceGroup? in
            s.requested = true
            return s.group
        }
        Task { await group?.triggerGracefulShutdown() }
    }
}
