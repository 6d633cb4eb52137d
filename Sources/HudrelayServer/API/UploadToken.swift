import HudrelayStore
import Hummingbird

/// The bearer token check of the operations that need upload scope (uploads, registering and
/// finishing jobs).
enum UploadToken {
    /// Checks the request's bearer token has upload scope.
    static func check(_ request: Request, store: Store) async throws {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized(
                "send Authorization: Bearer <token>; make one with `hudrelay token create --scope upload`")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header must be `Bearer <token>`")
        }
        let secret = String(parts[1])
        let found = try await DatabaseDeadline.run("checking the token") {
            try await store.tokens.authenticate(token: secret)
        }
        guard let token = found, token.scope.allows(.upload) else {
            throw Problem.unauthorized("the token is unknown or revoked")
        }
    }
}
