import Foundation
import HudrelayStore

extension AnalysisFreshness {
    /// Adds `analyzed_through` (RFC 3339, UTC) and `pending_uploads` to a response object.
    public func write(into w: inout JSONWriter) {
        w.add("analyzed_through", Self.format(analyzedThrough))
        w.add("pending_uploads", pendingUploads)
    }

    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
