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
        if isRunning() {
            try createDatabase(bin: bin)
            return false
        }
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
        let createdb = try Self.tool("createdb", preferring: bin)
        let errors = dataDirectory + "/createdb.err"
        let status = try Subprocess.run(createdb, args, errorFile: errors)
        let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: errors)
        if status != 0 && !message.contains("already exists") {
            throw StoreError(
                .embeddedDatabase, "createdb failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// A PostgreSQL client tool: next to `initdb` if it is there, else on PATH, else the newest
    /// `/usr/lib/postgresql/*/bin` (Debian's wrappers in /usr/local/bin do not cover every tool).
    static func tool(_ name: String, preferring dir: String) throws -> String {
        let fm = FileManager.default
        var candidates = [dir]
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        for d in candidates where fm.isExecutableFile(atPath: "\(d)/\(name)") { return "\(d)/\(name)" }
        throw StoreError(
            .embeddedDatabase, "PostgreSQL's \(name) was not found: install PostgreSQL or pass --database-url")
    }

    /// Runs a PostgreSQL tool, as the `postgres` user when we are root.
    private func run(_ tool: String, _ args: [String], quiet: Bool, asOwner: Bool = true) throws -> Int32 {
        if getuid() == 0 && asOwner && !tool.hasSuffix("chown") {
            return try Subprocess.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + args)
        }
        return try Subprocess.run(tool, args)
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
