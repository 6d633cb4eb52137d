import ServiceLifecycle

/// The first of several racing outcomes (the work ending, a watchdog giving it up, shutdown's
/// drain running out): whoever settles first wins, the others are ignored.
final class FirstOutcome<Value: Sendable>: Sendable {
    private let once = Once()
    private let value = Locked<Value?>(nil)
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// Settles the outcome, unless it already is.
    func settle(_ outcome: Value) {
        guard once.claim() else { return }
        value.set(outcome)
        continuation.finish()
    }

    /// Waits for the outcome; `nil` when the waiting task is cancelled before one comes.
    func wait() async -> Value? {
        for await _ in stream {}
        return value.value
    }

    /// Waits for the outcome; once graceful shutdown begins, what is still running gets `drain`,
    /// then `drained()` settles it.
    func wait(drain: Duration, drained: @escaping @Sendable () -> Value) async -> Value? {
        await withGracefulShutdownHandler {
            await wait()
        } onGracefulShutdown: {
            Task {
                try? await Task.sleep(for: drain)
                self.settle(drained())
            }
        }
    }
}
