/// How ``WorkerSupervisor`` starts its worker process: `hudrelay work --child …`.
public struct WorkerProcessOptions: Sendable {
    /// The `hudrelay` executable.
    public var executable: String
    /// Its arguments (`work --child --database-url … --workers N …`).
    public var arguments: [String]
    /// Variables added to this process's environment for it.
    public var environment: [String: String] = [:]
    /// How long the process has to stop after SIGTERM before it is killed.
    public var shutdownLimit: Duration = .seconds(25)

    /// Options for `executable` with `arguments`.
    public init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }
}
