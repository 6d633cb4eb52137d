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
        case end(counts: ReportCounts, rows: Int, newTests: [Int64])
    }

    /// Rows of `results`, then ``Chunk/end(counts:rows:newTests:)``. A parse error ends it with
    /// that error.
    public var results: AsyncThrowingStream<Chunk, any Error>
    /// Rows (COPY text) of the tests the worker did not know.
    public var newTests: AsyncThrowingStream<ByteBuffer, any Error>

    /// Creates a load from its two streams.
    public init(
        results: AsyncThrowingStream<Chunk, any Error>, newTests: AsyncThrowingStream<ByteBuffer, any Error>
    ) {
        self.results = results
        self.newTests = newTests
    }
}
