import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Writes objects to an S3-compatible store (AWS S3, MinIO, moto) with path-style URLs
/// (`<endpoint>/<bucket>/<key>`) and Signature V4.
public struct S3Sink: Sendable {
    /// The endpoint, such as `https://s3.us-east-1.amazonaws.com` or `http://127.0.0.1:9000`.
    public var endpoint: String
    /// The bucket.
    public var bucket: String
    /// The signer (credentials and region).
    public var signer: SigV4
    let http: HTTPClient

    /// A sink over `http`.
    public init(endpoint: String, bucket: String, signer: SigV4, http: HTTPClient) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.bucket = bucket
        self.signer = signer
        self.http = http
    }

    /// Creates the bucket (an existing one of ours is fine).
    public func createBucket() async throws {
        let (status, body) = try await send("PUT", key: nil, body: [], headers: [])
        guard (200..<300).contains(status) || body.contains("BucketAlreadyOwnedByYou") else {
            throw S3Error(status: status, body: body)
        }
    }

    /// Puts one gzip-encoded JSON object, as PyTorch's uploader does
    /// (`Content-Encoding: gzip`, `Content-Type: application/json`).
    public func putJSON(key: String, gzip: [UInt8]) async throws {
        let (status, body) = try await send(
            "PUT", key: key, body: gzip, headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/json")])
        guard (200..<300).contains(status) else { throw S3Error(status: status, body: body) }
    }

    func send(
        _ method: String, key: String?, body: [UInt8], headers: [(String, String)]
    ) async throws -> (
        Int, String
    ) {
        let response = try await execute(method, key: key, body: body, headers: headers)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), text)
    }

    /// Sends one signed request and returns the response with its body unread (the caller reads
    /// or streams it).
    func execute(
        _ method: String, key: String?, body: [UInt8], headers: [(String, String)], timeout: TimeAmount = .seconds(60)
    ) async throws -> HTTPClientResponse {
        guard let url = URL(string: endpoint), let host = url.host else {
            throw S3Error(status: 0, body: "bad S3 endpoint: \(endpoint)")
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let prefix = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        let path =
            prefix + "/" + SigV4.encode(bucket) + (key.map { "/" + SigV4.encode($0, keepSlash: true) } ?? "")
        var all = headers
        all.append(("host", hostHeader))
        let auth = signer.sign(method: method, path: path, headers: all, payload: body)
        var request = HTTPClientRequest(url: endpoint + path.dropFirst(prefix.count))
        request.method = HTTPMethod(rawValue: method)
        for (k, v) in headers + auth { request.headers.add(name: k, value: v) }
        request.headers.replaceOrAdd(name: "Host", value: hostHeader)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await http.execute(request, timeout: timeout)
    }
}

/// An S3 request the server refused.
public struct S3Error: Error, CustomStringConvertible {
    /// The HTTP status (0 when no request was made).
    public var status: Int
    /// The server's answer.
    public var body: String

    /// What the server said.
    public var description: String { "S3 answered \(status): \(body.prefix(500))" }
}
