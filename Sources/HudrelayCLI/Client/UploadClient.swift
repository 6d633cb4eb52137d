import AsyncHTTPClient
import Foundation
import HTTPTypes
import HudrelayAPI
import HudrelayJUnit
import NIOCore
import NIOHTTP1
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime

/// Sends reports to a hudrelay server, retrying connection errors, 429 and 5xx with exponential
/// backoff and jitter, and honouring `Retry-After`.
struct UploadClient {
    let http: HTTPClient
    let server: String
    let token: String?
    let retries: Int

    /// Gzips `path` and uploads it; returns the upload id.
    func upload(path: String, query: [URLQueryItem]) async throws -> (id: String, duplicate: Bool, jobID: Int64?) {
        guard FileManager.default.isReadableFile(atPath: path) else { throw UploadError("\(path): cannot open") }
        var items = query
        items.append(URLQueryItem(name: "filename", value: Self.reportName(path)))
        var components = URLComponents(string: server + "/api/v1/uploads")
        components?.queryItems = items
        // URLComponents leaves a `+` as it is, and the server reads `+` as a space (form encoding).
        let encoded = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = encoded
        guard let url = components?.string else { throw UploadError("bad --server URL: \(server)") }
        let (status, body) = try await send(method: .POST, url: url, report: path)
        guard status == 200 || status == 202 else {
            throw UploadError("\(path): the server answered \(status): \(Self.problemDetail(body))")
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        guard let id = json?["id"] as? String else { throw UploadError("\(path): the server's answer has no id") }
        return (id, status == 200, (json?["job_id"] as? NSNumber)?.int64Value)
    }

    /// The report's name as sent: its path relative to the current directory (PyTorch derives
    /// `invoking_file` from the directory a report is in), or its last two components when it is
    /// outside.
    static func reportName(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = (path.hasPrefix("/") ? path : cwd + "/" + path) as NSString
        let standard = absolute.standardizingPath
        if standard.hasPrefix(cwd + "/") { return String(standard.dropFirst(cwd.count + 1)) }
        return (standard as NSString).pathComponents.suffix(2).joined(separator: "/")
    }

    /// Creates (or finds) the job of a context with its relay dispatch (`POST /api/v1/jobs`);
    /// returns its id.
    func registerJob(json: String) async throws -> Int64 {
        let (status, body) = try await send(
            method: .POST, url: server + "/api/v1/jobs", json: Array(json.utf8))
        guard status == 200 || status == 201,
            let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let id = (object["id"] as? NSNumber)?.int64Value
        else { throw UploadError("registering the job: the server answered \(status): \(Self.problemDetail(body))") }
        return id
    }

    /// The generated client of the contract's operations, with this client's token and retries.
    var api: Client {
        get throws {
            guard let url = URL(string: server) else { throw UploadError("bad --server URL: \(server)") }
            var middlewares: [any ClientMiddleware] = [RetryMiddleware(policy: RetryPolicy(retries: retries))]
            if let token { middlewares.append(BearerMiddleware(token: token)) }
            return Client(
                serverURL: url, transport: AsyncHTTPClientTransport(configuration: .init(client: http)),
                middlewares: middlewares)
        }
    }

    /// Asks the server to finish a job (`POST /api/v1/jobs/{id}/finish`).
    func finish(jobID: Int64) async throws {
        switch try await api.finishJob(path: .init(id: Int(jobID))) {
        case .accepted: return
        case .notFound(let r): throw UploadError("finishing job \(jobID): \(try r.body.applicationProblemJson.detail)")
        case .unauthorized(let r):
            throw UploadError("finishing job \(jobID): \(try r.body.applicationProblemJson.detail)")
        case .badRequest(let r):
            throw UploadError("finishing job \(jobID): \(try r.body.applicationProblemJson.detail)")
        case .serviceUnavailable(let r):
            throw UploadError("finishing job \(jobID): \(try r.body.applicationProblemJson.detail)")
        case .undocumented(let status, _): throw UploadError("finishing job \(jobID): the server answered \(status)")
        }
    }

    /// The upload's status; with `wait`, once it is processed or after that many seconds.
    func status(id: String, wait: Int = 0) async throws -> Components.Schemas.UploadStatus {
        let answer = try await api.getUpload(path: .init(id: id), query: .init(wait: wait > 0 ? Double(wait) : nil))
        switch answer {
        case .ok(let r): return try r.body.json
        case .notFound(let r): throw UploadError("status of upload \(id): \(try r.body.applicationProblemJson.detail)")
        case .badRequest(let r):
            throw UploadError("status of upload \(id): \(try r.body.applicationProblemJson.detail)")
        case .serviceUnavailable(let r):
            throw UploadError("status of upload \(id): \(try r.body.applicationProblemJson.detail)")
        case .undocumented(let status, _): throw UploadError("status of upload \(id): the server answered \(status)")
        }
    }

    /// One request with retries. The body is `json`, or a `report` (a file's path), gzipped while
    /// it is sent (each attempt compresses it again).
    func send(
        method: HTTPMethod, url: String, json: [UInt8]? = nil, report: String? = nil
    ) async throws -> (Int, String) {
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: json))
            } else if let report {
                request.headers.add(name: "Content-Type", value: "application/xml")
                request.headers.add(name: "Content-Encoding", value: "gzip")
                request.body = .stream(GzipStream.chunks(of: report), length: .unknown)
            }
            var retryAfter: Double?
            var failure: String
            do {
                let response = try await http.execute(request, timeout: .seconds(300))
                let text = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
                let code = Int(response.status.code)
                if !RetryPolicy.retries(status: code) { return (code, text) }
                retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
                failure = "HTTP \(code)"
            } catch {
                failure = "\(error)"
            }
            attempt += 1
            guard let delay = RetryPolicy(retries: retries).delay(after: attempt, retryAfter: retryAfter) else {
                throw UploadError("\(url): gave up after \(attempt) attempts: \(failure)")
            }
            RetryPolicy.announce(failure, delay: delay)
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }

    static func problemDetail(_ body: String) -> String {
        guard let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let detail = json["detail"] as? String
        else { return String(body.prefix(300)) }
        return detail
    }
}
