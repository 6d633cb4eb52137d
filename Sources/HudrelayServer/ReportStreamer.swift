import Foundation
import HudrelayJUnit
import HudrelayStore
import NIOCore
import Synchronization

/// Parses a claimed upload on a thread of its own and streams its rows, so that the database
/// copies them while the parser is still running.
///
/// The parser is synchronous and CPU-bound: it runs outside Swift's cooperative pool, which it
/// would otherwise hold for the whole report.
final class ReportStreamer: Sendable {
    /// The parser's error, once it failed.
    private let failure = Mutex<JUnitParseError?>(nil)

    /// The parse error that ended the stream, if one did.
    var parseError: JUnitParseError? { failure.withLock { $0 } }

    /// Starts parsing `claim`; returns the streams ``Store/completeUpload(_:owner:load:)`` consumes.
    func start(_ claim: ClaimedUpload, known: KnownTests, options: ParserOptions) -> UploadLoad {
        let (results, resultsOut) = AsyncThrowingStream<UploadLoad.Chunk, any Error>.makeStream()
        let (tests, testsOut) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()

        let thread = Thread {
            var encoder = RowEncoder(claim: claim, known: known)
            do {
                let info = try JUnitParser(options: options).parse(bytes: claim.content) { event in
                    guard case .test(let test) = event else { return }
                    encoder.append(test)
                    if let rows = encoder.takeResults() { resultsOut.yield(.rows(rows)) }
                    if let rows = encoder.takeTests() { testsOut.yield(rows) }
                }
                if let rows = encoder.takeResults(minimum: 0) { resultsOut.yield(.rows(rows)) }
                if let rows = encoder.takeTests(minimum: 0) { testsOut.yield(rows) }
                testsOut.finish()
                resultsOut.yield(.end(counts: info.counts, rows: encoder.count, newTests: encoder.newTests))
                resultsOut.finish()
            } catch {
                if let error = error as? JUnitParseError { self.failure.withLock { $0 = error } }
                testsOut.finish(throwing: error)
                resultsOut.finish(throwing: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        return UploadLoad(results: results, newTests: tests)
    }
}
