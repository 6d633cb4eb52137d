import ArgumentParser
import Foundation
import HudrelayServer
import HudrelayStore

/// The options `serve` and `work` share: leases, stalls, shutdown, and where the workers run.
/// Their values are read through ``Settings`` (so the environment and the file can set them too).
struct WorkerLifecycleOptions: ParsableArguments {
    @Option(help: "Seconds a claim is held without renewal before another worker may take it (default 30).")
    var leaseSeconds: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds an upload's database work may make no progress before the attempt is given up and handed back (default 30)."
        ))
    var stallSeconds: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds from SIGTERM to exit, whatever state the database is in (or $HUDRELAY_SHUTDOWN_TIMEOUT_SECONDS; default 30).",
            valueName: "seconds"))
    var shutdownTimeoutSeconds: Int?

    @Flag(help: "Run the workers in this process instead of a supervised worker process (a crash then stops it all).")
    var inProcessWorkers = false

    /// The flags given, by settings key.
    var flags: [String: String] {
        var f: [String: String] = [:]
        f["leaseSeconds"] = leaseSeconds.map(String.init)
        f["stallSeconds"] = stallSeconds.map(String.init)
        f["shutdownTimeoutSeconds"] = shutdownTimeoutSeconds.map(String.init)
        return f
    }

    /// The flag of each key, for messages.
    static let flagNames = [
        "leaseSeconds": "--lease-seconds", "stallSeconds": "--stall-seconds",
        "shutdownTimeoutSeconds": "--shutdown-timeout-seconds",
    ]

    /// How long from SIGTERM to exit.
    static func shutdownLimit(_ s: Settings) -> Duration { .seconds(s.shutdownTimeoutSeconds) }

    /// The workers' options: the upload in hand gets what the shutdown limit leaves after the
    /// hand-back and the exit.
    static func workerOptions(_ s: Settings) -> WorkerOptions {
        var options = WorkerOptions()
        options.lease = .seconds(s.leaseSeconds)
        options.stallLimit = .seconds(s.stallSeconds)
        options.drainLimit = .seconds(max(1, s.shutdownTimeoutSeconds - 10))
        options.parser.paths = s.paths
        options.archive = s.archive
        return options
    }

    /// How to start the worker process for `s.workers` workers on `url`: it reads the same
    /// settings (environment and file), with the lifecycle and the database passed explicitly.
    static func workerProcess(_ s: Settings, url: DatabaseURL, configFile: String?) throws -> WorkerProcessOptions {
        var arguments = [
            "work", "--child", "--workers", String(s.workers), "--lease-seconds", String(s.leaseSeconds),
            "--stall-seconds", String(s.stallSeconds), "--shutdown-timeout-seconds",
            String(max(5, s.shutdownTimeoutSeconds - 4)),
        ]
        if let configFile { arguments += ["--config", configFile] }
        var options = WorkerProcessOptions(executable: try executable(), arguments: arguments)
        // The URL (it may hold a password) goes through the environment, not the command line.
        let raw = s.databaseURL ?? url.description
        options.environment["DATABASE_URL"] = raw
        options.environment["HUDRELAY_DATABASE_URL"] = raw
        // The folder as this process resolved it (`--data-dir` is not passed on).
        if case .directory(let dir) = s.archive.backend { options.environment["HUDRELAY_REPORTS_DIR"] = dir.path }
        options.shutdownLimit = .seconds(max(5, s.shutdownTimeoutSeconds - 3))
        return options
    }

    /// This executable.
    static func executable() throws -> String {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ValidationError("cannot find this executable to start the worker process (\(path))")
        }
        return path
    }
}
