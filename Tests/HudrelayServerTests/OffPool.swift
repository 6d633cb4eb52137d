import Foundation

/// Runs a blocking call (waiting for a process) on a thread of its own.
///
/// - Important: The machine has 2 cores, so Swift's cooperative pool has 2 threads; a test that
///   blocks one while the in-process server needs the other can stall every test in the run.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension Process {
    /// Waits for the process to end without blocking the cooperative pool; a cancelled wait
    /// (a test past its time limit) kills the process with SIGKILL and waits for that.
    func exited() async {
        let pid = processIdentifier
        await withTaskCancellationHandler {
            _ = try? await offPool { [self] in self.waitUntilExit() }
        } onCancel: {
            if isRunning { kill(pid, SIGKILL) }
        }
    }

    /// Waits up to `limit` for the process to end, then kills it with SIGKILL; `true` when it
    /// ended by itself.
    func exited(within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.exited()
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first && !isRunning
        }
    }
}
