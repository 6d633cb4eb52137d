import AsyncHTTPClient
import Foundation
import HudrelayStore
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// A real `hudrelay serve` process (the built executable, its supervised worker process and all)
/// on a free loopback port, for the tests that stop and start what it depends on.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    let log: String
    var base: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, log: String) {
        self.process = process
        self.port = port
        self.log = log
    }

    /// Starts `hudrelay serve` on `url` with `arguments`, its output in the file `log`, without
    /// waiting for it to listen (a test of what happens before it does).
    static func launch(
        url: DatabaseURL, _ arguments: [String] = [], environment: [String: String] = [:]
    ) throws -> (process: Process, log: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-serve-\(UUID()).log").path
        FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = CLIBinary.url
        p.arguments =
            [
                "serve", "--database-url", "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)",
                "--port", "0",
            ]
            + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardOutput = FileHandle(forWritingAtPath: log)
        p.standardError = FileHandle(forWritingAtPath: log)
        try p.run()
        return (p, log)
    }

    /// Starts `hudrelay serve` on `url` with `arguments`; returns once it listens.
    static func start(
        url: DatabaseURL, _ arguments: [String] = [], environment: [String: String] = [:]
    )
        async throws -> ServerProcess
    {
        let (p, log) = try launch(url: url, arguments, environment: environment)
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "url=http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return ServerProcess(process: p, port: port, log: log) }
            }
            if !p.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        p.terminate()
        throw ServerProcessError(
            "hudrelay serve did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    /// The server's log so far.
    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// The worker process the server supervises now, if one runs.
    var workerPID: pid_t? {
        let tasks = "/proc/\(process.processIdentifier)/task"
        for task in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
            let children = (try? String(contentsOfFile: "\(tasks)/\(task)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").first.flatMap({ pid_t($0) }) { return pid }
        }
        return nil
    }

    /// The resident memory of process `pid`, in bytes.
    static func rss(_ pid: pid_t) -> Int? {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }

    /// Sends SIGTERM and waits for the process to end; returns how long it took. A server still
    /// running after `limit` is killed with SIGKILL (its time then says so).
    func terminate(limit: Duration = .seconds(90)) async -> Duration {
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        _ = await process.exited(within: limit)
        return ContinuousClock.now - start
    }

    /// One request; the status and body, or `nil` when no answer came.
    func request(
        _ http: HTTPClient, _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil,
        headers: [(String, String)] = []
    ) async -> (status: Int, body: String)? {
        var r = HTTPClientRequest(url: base + path)
        r.method = method
        for (k, v) in headers { r.headers.add(name: k, value: v) }
        if let body { r.body = .bytes(ByteBuffer(bytes: body)) }
        guard let response = try? await http.execute(r, timeout: .seconds(60)),
            let text = try? await response.body.collect(upTo: 64 << 20)
        else { return nil }
        return (Int(response.status.code), String(buffer: text))
    }
}

/// `hudrelay serve` did not start.
struct ServerProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
