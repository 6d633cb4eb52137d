import Foundation
import Logging

/// A private PostgreSQL cluster in a data folder, for running hudrelay without a database server.
///
/// The cluster is created with `initdb` on first use and started with `pg_ctl`; it listens only
/// on a Unix socket inside the folder. PostgreSQL refuses to run as root, so as root the cluster
/// belongs to, and runs as, the `postgres` user.
public struct EmbeddedPostgres: Sendable {
    /// The data folder (`--data-dir`).
    public let dataDirectory: String
    let logger: Logger
    /// The port number in the socket's name.
    public static let port = 5432
    /// The database hudrelay uses in the cluster.
    public static let database = "hudrelay"
    /// The cluster's superuser.
    public static let user = "hudrelay"

    /// A cluster in `dataDirectory` (made absolute).
    public init(dataDirectory: String, logger: Logger) {
        let url = URL(
            fileURLWithPath: dataDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.dataDirectory = url.standardizedFileURL.path
        self.logger = logger
    }

    var clusterDirectory: String { dataDirectory + "/pg" }
    var socketDirectory: String { dataDirectory + "/socket" }

    /// The URL of the cluster's hudrelay database.
    public var url: DatabaseURL {
        DatabaseURL(socketDirectory: socketDirectory, port: Self.port, username: Self.user, database: Self.database)
    }

    /// Whether the cluster is running (a server answers on its socket).
    public func isRunning() -> Bool {
        guard let bin = try? Self.binDirectory() else { return false }
        return (try? run(bin + "/pg_ctl", ["-D", clusterDirectory, "status"], quiet: true)) == 0
    }

    /// Creates the cluster if needed and starts it if it is not running. Returns `true` when this
    /// call started it (and should stop it).
    @discardableResult
    public func start() throws -> Bool {
        let bin = try Self.binDirectory()
        let fm = FileManager.default
        try fm.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        let root = getuid() == 0
        if root {
            _ = try run("/bin/chown", ["-R", "postgres:", dataDirectory], quiet: true)
        }
        if !fm.fileExists(atPath: clusterDirectory + "/PG_VERSION") {
            logger.info("creating the embedded PostgreSQL cluster", metadata: ["dir": "\(clusterDirectory)"])
            let status = try run(
                bin + "/initdb",
                ["-D", clusterDirectory, "-U", Self.user, "--auth=trust", "--encoding=UTF8", "--no-locale"], quiet: true
            )
            guard status == 0 else {
                throw StoreError(.embeddedDatabase, "initdb failed in \(clusterDirectory) (exit \(status))")
            }
        }
        if isRunning() { return false }
        let options = "-c listen_addresses='' -k \(socketDirectory) -p \(Self.port) -c max_connections=200"
        let status = try run(
            bin + "/pg_ctl",
            ["-D", clusterDirectory, "-l", dataDirectory + "/postgres.log", "-w", "-t", "60", "-o", options, "start"],
            quiet: true)
        guard status == 0 else {
            throw StoreError(
                .embeddedDatabase,
                "pg_ctl could not start PostgreSQL (exit \(status)); see \(dataDirectory)/postgres.log")
        }
        logger.info("started the embedded PostgreSQL", metadata: ["socket": "\(socketDirectory)"])
        try createDatabase(bin: bin)
        return true
    }

    /// Stops the cluster (fast shutdown: open transactions are rolled back).
    public func stop() {
        guard let bin = try? Self.binDirectory() else { return }
        _ = try? run(bin + "/pg_ctl", ["-D", clusterDirectory, "-m", "fast", "-w", "stop"], quiet: true)
        logger.info("stopped the embedded PostgreSQL")
    }

    private func createDatabase(bin: String) throws {
        let args = ["-h", socketDirectory, "-p", String(Self.port), "-U", Self.user, Self.database]
        // createdb fails when the database exists; that is fine.
        _ = try run(bin + "/createdb", args, quiet: true, asOwner: false)
    }

    /// Runs a PostgreSQL tool, as the `postgres` user when we are root.
    private func run(_ tool: String, _ args: [String], quiet: Bool, asOwner: Bool = true) throws -> Int32 {
        let p = Process()
        if getuid() == 0 && asOwner && !tool.hasSuffix("chown") {
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            p.arguments = ["-u", "postgres", "--", tool] + args
        } else {
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = args
        }
        if quiet {
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
        }
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Where `initdb` and `pg_ctl` are: on PATH, or the newest `/usr/lib/postgresql/*/bin`.
    public static func binDirectory() throws -> String {
        let fm = FileManager.default
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if fm.isExecutableFile(atPath: "\(dir)/initdb") && fm.isExecutableFile(atPath: "\(dir)/pg_ctl") {
                return String(dir)
            }
        }
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let dir = "/usr/lib/postgresql/\(v)/bin"
            if fm.isExecutableFile(atPath: dir + "/initdb") { return dir }
        }
        throw StoreError(
            .embeddedDatabase,
            "PostgreSQL's initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin: "
                + "install PostgreSQL (apt-get install postgresql) or pass --database-url")
    }
}
