import HudrelayServer
import Testing

/// The signal workers and long-polling clients wait for.
@Suite("Wakeup", .timeLimit(.minutes(5)))
struct WakeupTests {
    @Test("a signal wakes every waiter long before its timeout")
    func signalWakes() async throws {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        let start = clock.now
        let waiters = (0..<8).map { _ in Task { await wakeup.wait(timeout: .seconds(600)) } }
        // A waiter that has not started waiting yet misses a signal: signal until all are back.
        let signaller = Task {
            while !Task.isCancelled {
                wakeup.signal()
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        for w in waiters { await w.value }
        signaller.cancel()
        #expect(clock.now - start < .seconds(300))
    }

    @Test("a waiter returns at its timeout without a signal, and at once when its task is cancelled")
    func timeoutAndCancel() async throws {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        var start = clock.now
        await wakeup.wait(timeout: .milliseconds(100))
        #expect(clock.now - start >= .milliseconds(100))
        start = clock.now
        let task = Task { await wakeup.wait(timeout: .seconds(600)) }
        task.cancel()
        await task.value
        #expect(clock.now - start < .seconds(300))
        // A signal with nobody waiting is not kept for a later waiter.
        wakeup.signal()
        start = clock.now
        await wakeup.wait(timeout: .milliseconds(100))
        #expect(clock.now - start >= .milliseconds(100))
    }
}
