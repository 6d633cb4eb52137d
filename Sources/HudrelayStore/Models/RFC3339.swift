import Foundation

/// RFC 3339 dates and times, as job contexts carry them.
public enum RFC3339 {
    /// The moment `text` names (`2026-12-01T08:30:00Z`, `2026-12-01T09:30:00.250+01:00`), or `nil`.
    /// A lowercase `t` or `z` and a space for the `T` are accepted, as RFC 3339 allows.
    public static func date(_ text: String) -> Date? {
        guard text.utf8.count >= 20, text.utf8.count <= 40 else { return nil }
        var s = text.uppercased()
        if s.utf8.count > 10, Array(s.utf8)[10] == 32 {
            s = String(s.prefix(10)) + "T" + String(s.dropFirst(11))
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: s) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: s)
    }

    /// `date` in RFC 3339, UTC, whole seconds (`2026-12-01T08:30:00Z`).
    public static func string(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
