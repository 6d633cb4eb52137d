import AsyncHTTPClient
import Foundation
import NIOCore

extension S3Sink {
    /// Puts `bytes` at `key` with `headers` (such as `Content-Type`). The request is signed with
    /// the payload's SHA-256, which S3 checks against the bytes it received.
    public func put(key: String, bytes: [UInt8], headers: [(String, String)] = []) async throws {
        let (status, body) = try await send("PUT", key: key, body: bytes, headers: headers)
        guard (200..<300).contains(status) else { throw S3Error(status: status, body: body) }
    }

    /// The size of the object at `key`, or `nil` when there is none.
    public func size(key: String) async throws -> Int64? {
        let response = try await execute("HEAD", key: key, body: [], headers: [])
        _ = try? await response.body.collect(upTo: 1 << 16)
        if response.status.code == 404 { return nil }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw S3Error(status: Int(response.status.code), body: "HEAD \(key)")
        }
        guard let length = response.headers.first(name: "Content-Length").flatMap({ Int64($0) }) else {
            throw S3Error(status: Int(response.status.code), body: "HEAD \(key) has no Content-Length")
        }
        return length
    }

    /// Reads the object at `key` whole (at most `limit` bytes); `nil` when there is none.
    public func get(key: String, limit: Int) async throws -> [UInt8]? {
        let response = try await execute("GET", key: key, body: [], headers: [], timeout: .seconds(300))
        if response.status.code == 404 { return nil }
        let body = try await response.body.collect(upTo: limit)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw S3Error(status: Int(response.status.code), body: String(buffer: body))
        }
        return Array(body.readableBytesView)
    }

    /// Streams the object at `key` to `chunk`, a piece at a time as it arrives; `false` when there
    /// is none.
    public func stream(key: String, _ chunk: (ByteBuffer) async throws -> Void) async throws -> Bool {
        let response = try await execute("GET", key: key, body: [], headers: [], timeout: .seconds(3_600))
        if response.status.code == 404 { return false }
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = try await response.body.collect(upTo: 1 << 16)
            throw S3Error(status: Int(response.status.code), body: String(buffer: body))
        }
        for try await piece in response.body { try await chunk(piece) }
        return true
    }

    /// Deletes the object at `key` (none there is fine).
    public func delete(key: String) async throws {
        let (status, body) = try await send("DELETE", key: key, body: [], headers: [])
        guard (200..<300).contains(status) || status == 404 else { throw S3Error(status: status, body: body) }
    }
}
