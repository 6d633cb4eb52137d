import Foundation
import HudrelayStore

extension AnalysisFreshness {
    /// `analyzed_through` as the API writes it (RFC 3339, UTC, milliseconds).
    public var analyzedThroughText: String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: analyzedThrough)
    }
}
