import ArgumentParser
import Foundation
import HudrelayServer
import HudrelayStore

/// The options `serve` and `work` share: leases, stalls, shutdown, and where the workers run.
struct WorkerLifecycleOptions: ParsableArguments {
    @Option(help: "Seconds a claim is held without renewal before another worker may take it.")
    var leaseSeconds = 30

    @Option(
        help: ArgumentHelp(
            "Seconds an upload's database work may make no progress before the attempt is given up and handed back."))
    var stallSeconds = 30

    @Option(
        help: ArgumentHelp(
            "Seconds from SIGTERM to exit, whatever state the database is in (or $HUDRELAY_SHUTDOWN_TIMEOUT_SECONDS).",
            valueName: "seconds"))
    var shutdownTimeoutSeconds: Int?

    @Flag(help: "Run the workers in this process instead of a supervised worker process (a crash then stops it all).")
    var inProcessWorkers = false

    /// The shutdown limit: the flag, the environment, or 30 s.
    var shutdownSeconds: Int {
        shutdownTimeoutSeconds ?? ProcessInfo.processInfo.environment["HUDRELAY_SHUTDOWN_TIMEOUT_SECONDS"].flatMap {
            Int($0)
        } ?? 30
    }

    /// How long from SIGTERM to exit.
    var shutdownLimit: Duration { .seconds(shutdownSeconds) }

    func check() throws {
        guard leaseSeconds >= 2 else { throw ValidationError("--lease-seconds must be 2 or more") }
        guard stallSeconds >= 2 else { throw ValidationError("--stall-seconds must be 2 or more") }
        guard shutdownSeconds >= 5 else {
            throw ValidationError("--shutdown-timeout-seconds (or HUDRELAY_SHUTDOWN_TIMEOUT_SECONDS) must be 5 or more")
        }
    }

    /// The workers' options: the upload in hand gets what the shutdown limit leaves after the
    /// hand-back and the exit.
    var workerOptions: WorkerOptions {
        var options = WorkerOptions()
        options.lease = .seconds(leaseSeconds)
        options.stallLimit = .seconds(stallSeconds)
        options.drainLimit = .seconds(max(1, shutdownSeconds - 10))
        return options
    }

    /// How to start the worker process for `workers` workers on `url`.
    func workerProcess(database: DatabaseOptions, url: DatabaseURL, workers: Int) throws -> WorkerProcessOptions {
        var options = WorkerProcessOptions(
            executable: try Self.executable(),
            arguments: [
                "work", "--child", "--workers", String(workers), "--lease-seconds", String(leaseSeconds),
                "--stall-seconds", String(stallSeconds), "--shutdown-timeout-seconds",
                String(max(5, shutdownSeconds - 4)),
            ])
        // The URL (it may hold a password) goes through the environment, not the command line.
        options.environment["DATABASE_URL"] = database.rawURL(resolved: url)
        options.shutdownLimit = .seconds(max(5, shutdownSeconds - 3))
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
