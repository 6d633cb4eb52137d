import Foundation
import HudrelayJUnit

/// ``ReportCounts`` as stored in `uploads.counts` and shown by the API: snake_case keys, the
/// names of `hudrelay parse --format json`.
public enum CountsJSON {
    /// The counts as a JSON object.
    public static func encode(_ counts: ReportCounts) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(counts)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Counts from a JSON object.
    public static func decode(_ json: String) throws -> ReportCounts {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReportCounts.self, from: Data(json.utf8))
    }
}
