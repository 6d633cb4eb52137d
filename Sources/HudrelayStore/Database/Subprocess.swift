import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a tool and waits for it with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` waits for every inherited descriptor to close on Linux, so it never
/// returns from `pg_ctl start`, whose server outlives it; and the server must not inherit ours.
public enum Subprocess {
    /// Where a child's standard output or error goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case discard
        /// This file, created or truncated.
        case file(String)
        /// This process's own.
        case inherit
    }

    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it (SIGABRT for a precondition failure, SIGKILL, …).
        case signalled(Int32)

        /// The shell's way of saying it: the status, or 128 + the signal.
        public var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }

        /// A line for logs.
        public var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signalled(let signal): "signal \(signal)"
            }
        }
    }

    /// Runs `path` with `arguments`; stdout and stderr go to `/dev/null` unless `outputFile` or
    /// `errorFile` name files. `environment` replaces the environment when given. Returns the exit
    /// status.
    public static func run(
        _ path: String, _ arguments: [String], outputFile: String? = nil, errorFile: String? = nil,
        environment: [String: String]? = nil
    ) throws -> Int32 {
        let pid = try spawn(
            path, arguments, output: outputFile.map { .file($0) } ?? .discard,
            error: errorFile.map { .file($0) } ?? .discard, environment: environment)
        return wait(pid).status
    }

    /// Starts `path` with `arguments`, standard input `/dev/null` (or the file `input`), and no
    /// other descriptor of ours but `descriptor3`, which becomes the child's descriptor 3 when
    /// given: a server it starts (pg_ctl's postmaster) must not keep our sockets and pipes open, or
    /// whoever waits on them waits forever. `environment` replaces the environment when given.
    /// Returns the child's pid.
    public static func spawn(
        _ path: String, _ arguments: [String], input: String? = nil, output: Output = .discard,
        error: Output = .discard, descriptor3: Int32? = nil, environment: [String: String]? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        for (fd, target) in [(Int32(1), output), (2, error)] {
            switch target {
            case .discard: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .file(let file):
                posix_spawn_file_actions_addopen(&actions, fd, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .inherit: break
            }
        }
        var first: Int32 = 3
        if let descriptor3 {
            posix_spawn_file_actions_adddup2(&actions, descriptor3, 3)
            first = 4
        }
        let limit = min(Int32(sysconf(Int32(_SC_OPEN_MAX))), 65_536)
        for fd in first..<max(limit, first) where fd != descriptor3 && fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        if let descriptor3, descriptor3 != 3 { posix_spawn_file_actions_addclose(&actions, descriptor3) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let envStrings = environment.map { env in env.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envStrings?.forEach { free($0) } }
        var pid: pid_t = 0
        let rc: Int32
        if let envStrings {
            rc = posix_spawn(&pid, path, &actions, nil, argv, envStrings)
        } else {
            rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        }
        guard rc == 0 else {
            throw StoreError(.embeddedDatabase, "cannot run \(path): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// Waits for child `pid` to end.
    ///
    /// - Important: Blocks the calling thread: call it from a thread of your own.
    public static func wait(_ pid: pid_t) -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        // WIFEXITED / WEXITSTATUS, WTERMSIG
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .signalled(status & 0x7F)
    }
}
