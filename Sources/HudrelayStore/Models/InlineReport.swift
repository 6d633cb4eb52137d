import Foundation

/// A report still held in its upload's row (from before the report archive).
public struct InlineReport: Sendable {
    /// The upload.
    public var id: UUID
    /// The SHA-256 of the uncompressed report.
    public var sha256: [UInt8]
    /// The report, gzip.
    public var gzip: [UInt8]
}
