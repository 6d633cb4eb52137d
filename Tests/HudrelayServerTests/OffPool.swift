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
    /// Waits for the process to end without blocking the cooperative pool.
    func exited() async {
        _ = try? await offPool { [self] in self.waitUntilExit() }
    }
}
