import Foundation

/// Where an upload's raw report is.
public enum UploadContent: Sendable, Equatable {
    /// In the report archive under `key`, `storedBytes` long (gzip).
    case archived(key: String, storedBytes: Int64)
    /// In the row itself (`content_gzip`): a database from before the archive (migration 0010)
    /// whose report the mover has not copied out yet.
    case inline([UInt8])
    /// Removed by raw-report retention at this time; the upload's results stay.
    case expired(at: Date)
}
