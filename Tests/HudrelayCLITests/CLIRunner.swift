import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `hudrelay` executable, as CI scripts do.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// The `hudrelay` binary next to the test bundle (or `HUDRELAY_BIN`).
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["HUDRELAY_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("hudrelay").path) && dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("hudrelay")
    }()

    /// The repository's test fixtures.
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("HudrelayJUnitTests/Fixtures")

    /// Runs the executable with `arguments` and `stdin`, and waits for it.
    ///
    /// Its input and output go through files, not pipes: a pipe's end of file comes only once
    /// every process holding its write end has closed it, and a long-lived process another test
    /// starts meanwhile (a server) can inherit it, leaving this waiting for that process to end.
    /// The child gets no descriptor of ours beyond those three.
    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-cli-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (inPath, outPath, errPath) = (dir.path + "/in", dir.path + "/out", dir.path + "/err")
        try (stdin ?? Data()).write(to: URL(fileURLWithPath: inPath))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let limit = min(Int32(sysconf(Int32(_SC_OPEN_MAX))), 65_536)
        for fd in Int32(3)..<max(limit, 3) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard rc == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw CocoaError(.executableRuntimeMismatch) }
        }
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(
            status: code, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
