import Foundation
import HudrelayJUnit

/// The queue state of an upload.
public enum UploadState: String, Sendable, Codable {
    /// Stored, waiting for a worker.
    case queued
    /// A worker holds it.
    case processing
    /// Its rows are in.
    case done
    /// It did not parse (or kept failing); its raw bytes are kept.
    case failed
}

/// An upload as the status endpoint shows it.
public struct UploadStatus: Sendable, Hashable {
    /// The upload's id.
    public var id: UUID
    /// Its job.
    public var jobID: Int64
    /// Its state.
    public var state: UploadState
    /// Why it failed, if it did.
    public var error: String?
    /// The kind of parse error (`malformed`, `truncated`, …).
    public var errorKind: String?
    /// Where the parse failed.
    public var errorLine: Int?
    /// Where the parse failed.
    public var errorColumn: Int?
    /// The counts, once done (the names of `hudrelay parse --format json`).
    public var counts: ReportCounts?
    /// Processing attempts so far.
    public var attempts: Int
    /// The uncompressed size.
    public var size: Int64
    /// The file name the client sent.
    public var filename: String
    /// When it arrived.
    public var receivedAt: Date
}

/// The result of storing an upload.
public struct StoredUpload: Sendable, Hashable {
    /// The upload's id.
    public var id: UUID
    /// Its state.
    public var state: UploadState
    /// `false` when the same job had uploaded the same content before (the id is the earlier one).
    public var created: Bool
    /// The job it belongs to.
    public var jobID: Int64 = 0
}

/// An upload a worker holds.
public struct ClaimedUpload: Sendable {
    /// The upload's id.
    public var id: UUID
    /// Its job.
    public var jobID: Int64
    /// The job's repository (part of each test's identity).
    public var repo: String
    /// The gzip bytes: from the row for a report still held in the database, else filled in by
    /// the worker from the archive (``contentKey``).
    public var content: [UInt8]
    /// The report's key in the archive, when the row does not hold it.
    public var contentKey: String?
    /// This is attempt number…
    public var attempt: Int
    /// When it arrived.
    public var receivedAt: Date
    /// When it arrived, exactly, as PostgreSQL text in UTC: the results' `recorded_at`.
    public var recordedAt: String
}
