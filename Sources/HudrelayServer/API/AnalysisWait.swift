import Foundation
import HudrelayStore

/// Waits for the analysis to include every report received before the wait began, so a CI step
/// that uploads and then asks gets figures that include its upload (`?wait=N` on the flaky
/// endpoints).
public enum AnalysisWait {
    /// The longest wait a request may ask for, in seconds.
    static let maxSeconds = 300

    /// Waits until every report received before now is analyzed, or `seconds` pass; wakes on
    /// `analyzed` (this process's analyzer) and looks again at least every half second (others').
    /// Returns the last reading.
    @discardableResult
    public static func until(store: Store, seconds: Int, analyzed: Wakeup?) async throws -> AnalysisFreshness {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = try await store.reads.analysisFreshness()
        var current = start
        while current.pendingUploads > 0 && current.analyzedThrough < start.readAt {
            let left = deadline - ContinuousClock.now
            if left <= .zero { return current }
            if let analyzed {
                await analyzed.wait(timeout: min(left, .milliseconds(500)))
            } else {
                try await Task.sleep(for: min(left, .milliseconds(500)))
            }
            current = try await store.reads.analysisFreshness()
        }
        return current
    }
}
