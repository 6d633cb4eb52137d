/// Where PyTorch's per-test rows go: an S3-compatible bucket, or a directory.
public enum RowsSink: Sendable {
    /// An S3-compatible store.
    case s3(S3Sink)
    /// A directory (`<dir>/<key>.json.gz`).
    case directory(DirectorySink)

    /// Writes one gzipped JSON-lines object under `key`, replacing an earlier one. Throws
    /// ``S3Error`` when the store answered with an error status.
    public func put(key: String, gzip: [UInt8]) async throws {
        switch self {
        case .s3(let s3): try await s3.putJSON(key: key, gzip: gzip)
        case .directory(let dir): try dir.put(key: key, gzip: gzip)
        }
    }

    /// A short description for logs.
    public var description: String {
        switch self {
        case .s3(let s3): return "s3 \(s3.endpoint)/\(s3.bucket)"
        case .directory(let dir): return "directory \(dir.directory.path)"
        }
    }
}
