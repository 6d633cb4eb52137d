import Foundation
import HudrelayStore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process with a pipe on its descriptor 3 (its events), started with `posix_spawn`.
///
/// Standard input is `/dev/null`; standard output and error are this process's, so the child's
/// logs go where ours go.
final class ChildProcess: Sendable {
    /// The child's process id.
    let pid: pid_t
    /// Our end of the child's descriptor 3.
    let events: FileHandle
    private let reaped = Atomic<Bool>(false)

    /// Starts `path` with `arguments` and this process's environment plus `environment`.
    init(path: String, arguments: [String], environment: [String: String] = [:]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ChildProcessError("pipe: \(String(cString: strerror(errno)))") }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        do {
            pid = try Subprocess.spawn(
                path, arguments, output: .inherit, error: .inherit, descriptor3: fds[1], environment: env)
        } catch {
            close(fds[0])
            close(fds[1])
            throw ChildProcessError("\(error)")
        }
        close(fds[1])
        events = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
    }

    /// Sends `signal` to the child, unless it has ended (its pid may belong to another process).
    func send(_ signal: Int32) {
        if !reaped.load(ordering: .acquiring) { kill(pid, signal) }
    }

    /// Waits for the child to end, blocking the calling thread; returns how it ended.
    ///
    /// - Important: Blocks: call from a thread of your own.
    func waitBlocking() -> Subprocess.Termination {
        let ended = Subprocess.wait(pid)
        reaped.store(true, ordering: .releasing)
        return ended
    }
}

/// A child process could not be started.
struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
