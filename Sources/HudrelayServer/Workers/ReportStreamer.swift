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

    /// How many chunks (about 1 MiB each) of each stream wait at most for the database.
    static let chunksInFlight = 8

    /// Starts parsing `claim`; returns the hand-offs ``Store/completeUpload(_:owner:load:)``
    /// consumes. The parser waits while both are full, so memory is bounded by about
    /// 2 × ``chunksInFlight`` MiB however slow the database is; a cancelled load stops it.
    func start(_ claim: ClaimedUpload, known: KnownTests, options: ParserOptions) -> UploadLoad {
        let progress = AttemptProgress()
        let results = BoundedHandoff<UploadLoad.Chunk>(capacity: Self.chunksInFlight, progress: progress)
        let tests = BoundedHandoff<ByteBuffer>(capacity: Self.chunksInFlight, progress: progress)

        let thread = Thread {
            var encoder = RowEncoder(claim: claim, known: known, paths: options.paths)
            do {
                let info = try JUnitParser(options: options).parse(bytes: claim.content) { event in
                    guard case .test(let test) = event else { return }
                    encoder.append(test)
                    if let rows = encoder.takeResults() { try results.put(.rows(rows)) }
                    if let rows = encoder.takeTests() { try tests.put(rows) }
                }
                if let rows = encoder.takeResults(minimum: 0) { try results.put(.rows(rows)) }
                if let rows = encoder.takeTests(minimum: 0) { try tests.put(rows) }
                tests.finish()
                try results.put(
                    .end(
                        counts: info.counts, rows: encoder.count, newTests: encoder.newTests,
                        architecture: encoder.architecture))
                results.finish()
            } catch {
                if let error = error as? JUnitParseError { self.failure.withLock { $0 = error } }
                tests.finish(throwing: error)
                results.finish(throwing: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        return UploadLoad(results: results, newTests: tests, progress: progress)
    }
}
