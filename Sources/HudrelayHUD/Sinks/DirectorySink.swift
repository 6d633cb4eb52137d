import Foundation

/// Writes objects as files under a directory, with the same keys as S3 (`<dir>/<key>.json.gz`),
/// for people without an S3-compatible store. A file appears whole or not at all.
public struct DirectorySink: Sendable {
    /// The directory.
    public var directory: URL

    /// A sink writing under `directory` (created when missing).
    public init(directory: URL) {
        self.directory = directory
    }

    /// Writes one object atomically (a temporary file renamed into place).
    public func put(key: String, gzip: [UInt8]) throws {
        let parts = key.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(".."), !parts.contains(".") else {
            throw HUDError("bad object key: \(key)")
        }
        let file = parts.reduce(directory) { $0.appendingPathComponent($1) }.appendingPathExtension("json.gz")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(gzip).write(to: file, options: .atomic)
    }
}
