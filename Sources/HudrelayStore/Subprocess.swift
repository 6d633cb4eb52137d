import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a tool and waits for it with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` waits for every inherited descriptor to close on Linux, so it never
/// returns from `pg_ctl start`, whose server outlives it; and the server must not inherit ours.
public enum Subprocess {
    /// Runs `path` with `arguments`; stdout and stderr go to `/dev/null` unless `outputFile` or
    /// `errorFile` name files. `environment` replaces the environment when given. Returns the exit
    /// status.
    public static func run(
        _ path: String, _ arguments: [String], outputFile: String? = nil, errorFile: String? = nil,
        environment: [String: String]? = nil
    ) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Close every other descriptor in the child: a server it starts (pg_ctl's postmaster) must
        // not keep our sockets and pipes open, or whoever waits on them waits forever.
        let limit = min(Int32(sysconf(Int32(_SC_OPEN_MAX))), 65_536)
        for fd in Int32(3)..<max(limit, 3) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
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
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw StoreError(.embeddedDatabase, "waiting for \(path) failed") }
        }
        // WIFEXITED / WEXITSTATUS
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }
}
