import HudrelayJUnit
import NIOCore

/// An upload's rows as they are parsed: what ``Store/completeUpload(_:owner:load:)`` copies into
/// the database while the parser is still running.
public struct UploadLoad: Sendable {
    /// A piece of the `results` stream.
    public enum Chunk: Sendable {
        /// Rows of `results` in COPY text format.
        case rows(ByteBuffer)
        /// The end of the report: its counts, and the ids of the tests the worker did not know.
        case end(counts: ReportCounts, rows: Int, newTests: [Int64], architecture: String?)
    }

    /// Rows of `results`, then ``Chunk/end(counts:rows:newTests:architecture:)``. A parse error ends it with
    /// that error. Bounded: the parser waits while the database is behind.
    public var results: BoundedHandoff<Chunk>
    /// Rows (COPY text) of the tests the worker did not know. Bounded like ``results``.
    public var newTests: BoundedHandoff<ByteBuffer>
    /// Marked each time the database takes a chunk or finishes a step of the load.
    public var progress: AttemptProgress

    /// Creates a load from its two hand-offs and their progress.
    public init(results: BoundedHandoff<Chunk>, newTests: BoundedHandoff<ByteBuffer>, progress: AttemptProgress) {
        self.results = results
        self.newTests = newTests
        self.progress = progress
    }

    /// Stops the parser feeding both hand-offs (the load failed or was given up).
    public func cancel() {
        results.cancel()
        newTests.cancel()
    }
}
