/// A report written to the ``ReportArchive``: its key and how many bytes it holds (gzip).
public struct ArchivedReport: Sendable, Equatable {
    /// The content-addressed key.
    public var key: String
    /// The stored bytes.
    public var storedBytes: Int64

    /// A stored report.
    public init(key: String, storedBytes: Int64) {
        self.key = key
        self.storedBytes = storedBytes
    }
}
