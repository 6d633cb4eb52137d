import Foundation

/// JSON as the API writes it, for the commands that print the API's types: compact, keys sorted,
/// `/` unescaped, dates in RFC 3339 (the generated server's settings, ``APIHandler/configuration``).
public enum APIJSON {
    /// `value` as one line of JSON.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
