import Synchronization

/// When an attempt at an upload last moved: a chunk of rows taken for `COPY`, a batch of new tests
/// written, a statement finished. A worker renews its lease only while this moves, so a heartbeat
/// never keeps alive an attempt whose database work has died.
public final class AttemptProgress: Sendable {
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private let last = Atomic<Int64>(0)
    private let steps = Atomic<Int64>(0)

    /// Progress starting now.
    public init() {
        origin = clock.now
    }

    /// Records progress now.
    public func mark() {
        last.store(Self.nanoseconds(clock.now - origin), ordering: .relaxed)
        steps.add(1, ordering: .relaxed)
    }

    /// How many times progress was marked.
    public var count: Int64 { steps.load(ordering: .relaxed) }

    /// How long ago progress was last marked (or the attempt began).
    public var idle: Duration {
        let now = Self.nanoseconds(clock.now - origin)
        return .nanoseconds(now - last.load(ordering: .relaxed))
    }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
