import Synchronization

/// A signal workers check while idle: bumped on every `NOTIFY hudrelay_uploads`.
public final class Wakeup: Sendable {
    private let generation = Atomic<Int>(0)

    /// Creates a signal.
    public init() {}

    /// Wakes every idle worker.
    public func signal() { generation.add(1, ordering: .relaxed) }

    /// Sleeps up to `timeout`, returning early (within 50 ms) after a signal.
    public func wait(timeout: Duration) async {
        let start = generation.load(ordering: .relaxed)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if generation.load(ordering: .relaxed) != start { return }
            do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
        }
    }
}
