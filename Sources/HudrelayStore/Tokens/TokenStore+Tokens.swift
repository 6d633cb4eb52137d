import Foundation
import NIOCore
import PostgresNIO

extension TokenStore {
    /// Creates a token and returns its secret; only its SHA-256 is stored.
    public func createToken(name: String, scope: TokenScope) async throws -> String {
        guard !name.isEmpty, name.count <= 100 else {
            throw StoreError(.badContext, "a token needs a name of 1 to 100 characters")
        }
        let secret = TokenSecret.generate()
        let rows = try await client.query(
            """
            INSERT INTO tokens (name, scope, sha256) VALUES (\(name), \(scope.rawValue), \(ByteBuffer(bytes: TokenSecret.hash(secret))))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """, logger: logger)
        var inserted = false
        for try await _ in rows.decode(String.self) { inserted = true }
        guard inserted else {
            throw StoreError(.tokenExists, "a token named \(name) exists already: revoke it or pick another name")
        }
        return secret
    }

    /// Every token, newest first.
    public func listTokens() async throws -> [TokenInfo] {
        let rows = try await client.query(
            "SELECT name, scope, created_at, revoked_at, last_used_at FROM tokens ORDER BY created_at DESC, name",
            logger: logger)
        var out: [TokenInfo] = []
        for try await (name, scope, created, revoked, used) in rows.decode((String, String, Date, Date?, Date?).self) {
            out.append(
                TokenInfo(
                    name: name, scope: TokenScope(rawValue: scope) ?? .upload, createdAt: created, revokedAt: revoked,
                    lastUsedAt: used))
        }
        return out
    }

    /// Revokes the token `name`; `false` when there is no such live token.
    public func revokeToken(name: String) async throws -> Bool {
        let rows = try await client.query(
            "UPDATE tokens SET revoked_at = now() WHERE name = \(name) AND revoked_at IS NULL RETURNING name",
            logger: logger)
        var found = false
        for try await _ in rows.decode(String.self) { found = true }
        return found
    }

    /// The scope of a live token, or `nil` when it is unknown or revoked.
    public func authenticate(token: String) async throws -> (name: String, scope: TokenScope)? {
        let rows = try await client.query(
            """
            UPDATE tokens SET last_used_at = now()
            WHERE sha256 = \(ByteBuffer(bytes: TokenSecret.hash(token))) AND revoked_at IS NULL
            RETURNING name, scope
            """, logger: logger)
        for try await (name, scope) in rows.decode((String, String).self) {
            if let s = TokenScope(rawValue: scope) { return (name, s) }
        }
        return nil
    }
}
