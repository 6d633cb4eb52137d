import AsyncHTTPClient
import Foundation
import HudrelayServer
import HudrelayStore
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A real hudrelay server on a free loopback port, with real HTTP.
struct TestServer {
    let port: Int
    let http: HTTPClient
    let store: Store
    var base: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` with a server over `store`'s database, then shuts the server down gracefully.
    ///
    /// The server has a client of its own, as a `hudrelay serve` process would, which its
    /// application runs (and migrates with); `store` stays the test's. Its database is the one of
    /// `url`, or the ``TestDatabase/withStore(migrate:on:_:)`` the test runs in.
    static func with<T: Sendable>(
        store: Store, url: DatabaseURL? = nil, workers: Int = 2, maxReportBytes: Int64 = 512 << 20,
        configure: (inout ServerOptions) -> Void = { _ in },
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        var options = ServerOptions()
        options.port = 0
        options.workers = workers
        options.maxReportBytes = maxReportBytes
        options.worker.pollInterval = .milliseconds(200)
        options.publish.quietPeriod = nil
        configure(&options)
        let (ports, portsContinuation) = AsyncStream.makeStream(of: Int.self)
        guard let url = url ?? TestDatabase.current else {
            throw ServerProcessError("TestServer.with runs inside TestDatabase.withStore")
        }
        let serverStore = Store(
            client: PostgresClient(configuration: url.configuration, backgroundLogger: TestDatabase.logger),
            logger: TestDatabase.logger)
        let app = HudrelayApplication.build(store: serverStore, options: options, logger: TestDatabase.logger) { port in
            portsContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestDatabase.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let server = TestServer(port: port, http: http, store: store)
            let result: Result<T, any Error>
            do { result = .success(try await body(server)) } catch { result = .failure(error) }
            try? await http.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// One request; returns status, headers and body text.
    func request(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws -> (status: Int, headers: [(String, String)], body: String) {
        var r = HTTPClientRequest(url: base + path)
        r.method = method
        for (k, v) in headers { r.headers.add(name: k, value: v) }
        if let body { r.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(r, timeout: .seconds(120))
        let text = String(buffer: try await response.body.collect(upTo: 64 << 20))
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, text)
    }

    /// A GET whose body is bytes (a raw report); returns status and body as sent.
    func download(_ path: String) async throws -> (status: Int, bytes: [UInt8]) {
        let response = try await http.execute(HTTPClientRequest(url: base + path), timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 256 << 20)
        return (Int(response.status.code), Array(body.readableBytesView))
    }

    /// The JSON object of a response body.
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// Waits until the upload leaves the queue; returns its status object.
    func waitForUpload(_ id: String, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let r = try await request(.GET, "/api/v1/uploads/\(id)")
            let s = Self.json(r.body)
            if let state = s["state"] as? String, state == "done" || state == "failed" { return s }
            if ContinuousClock.now > deadline { return s }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
