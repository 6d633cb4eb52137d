import Foundation

/// Runs the built `hudrelay` (or another program) as a child process, without blocking the
/// cooperative pool.
enum CLIRun {
    /// Runs `hudrelay args` with `environment` added; returns the exit status and output.
    static func run(
        _ args: [String], environment: [String: String] = [:], cwd: URL? = nil, executable: URL = CLIBinary.url
    ) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = cwd }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        let (out, err) = (base.appendingPathExtension("out"), base.appendingPathExtension("err"))
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let (o, e) = (try FileHandle(forWritingTo: out), try FileHandle(forWritingTo: err))
        p.standardOutput = o
        p.standardError = e
        p.standardInput = FileHandle.nullDevice
        try p.run()
        await p.exited()
        try o.close()
        try e.close()
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return (
            p.terminationStatus, try String(contentsOf: out, encoding: .utf8),
            try String(contentsOf: err, encoding: .utf8)
        )
    }
}
