import Foundation
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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 3)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        // Nothing else of ours (listening sockets, database connections) goes to the child.
        let limit = min(Int32(sysconf(Int32(_SC_OPEN_MAX))), 65_536)
        for fd in Int32(4)..<max(limit, 4) where fd != fds[1] && fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        if fds[1] != 3 { posix_spawn_file_actions_addclose(&actions, fds[1]) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw ChildProcessError("cannot start \(path): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
        self.events = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
    }

    /// Sends `signal` to the child, unless it has ended (its pid may belong to another process).
    func send(_ signal: Int32) {
        if !reaped.load(ordering: .acquiring) { kill(pid, signal) }
    }

    /// Waits for the child to end, blocking the calling thread; returns how it ended.
    ///
    /// - Important: Blocks: call from a thread of your own.
    func waitBlocking() -> ChildExit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        reaped.store(true, ordering: .releasing)
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .signalled(status & 0x7F)
    }
}

/// How a child process ended.
enum ChildExit: Sendable, Equatable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it (SIGABRT for a precondition failure, SIGKILL, …).
    case signalled(Int32)

    var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal): "signal \(signal)"
        }
    }
}

/// A child process could not be started.
struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
