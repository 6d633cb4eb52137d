import Crypto
import Foundation

/// What a token may do.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    /// Upload reports.
    case upload
    /// Everything, uploads included.
    case admin

    /// Whether this scope allows what `required` allows.
    public func allows(_ required: TokenScope) -> Bool { self == .admin || self == required }
}

/// A token as listed (never its secret).
public struct TokenInfo: Sendable, Codable, Hashable {
    /// Its name.
    public var name: String
    /// Its scope.
    public var scope: TokenScope
    /// When it was made.
    public var createdAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?
    /// When it was last used, if ever.
    public var lastUsedAt: Date?
}

/// Making and hashing token secrets.
public enum TokenSecret {
    /// A new random token: `hr_` and 43 base64url characters (256 bits).
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let b64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "hr_" + b64
    }

    /// The SHA-256 the store keeps for `token`.
    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}
