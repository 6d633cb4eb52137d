extension WorkerService {
    /// The watchdog's lease renewals: whether the lease is still held, and whether one is under way.
    struct Renewal: Sendable {
        /// `false` once a renewal found the lease no longer held.
        var holds = true
        /// A renewal is waiting for its answer.
        var inFlight = false
    }
}
