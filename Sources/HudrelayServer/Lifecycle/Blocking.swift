import Foundation

/// Runs CPU-bound or blocking work (gunzip, parsing, waiting on a condition) on a thread of its own,
/// never on Swift's cooperative pool, which has one thread per core (two here) and would stall every
/// request and worker while it ran.
enum Blocking {
    /// Runs `body` on a new thread and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// A value handed to one blocking job at a time (``Blocking/run(_:)``), which may mutate it in place.
final class BlockingBox<Value>: @unchecked Sendable {
    /// The value; touched by one thread at a time, in turn.
    var value: Value

    init(_ value: Value) { self.value = value }
}
