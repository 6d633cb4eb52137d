import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Posts Cross-Repo CI Relay callbacks (`hud-format.md` §4.2) and fetches GitHub Actions OIDC
/// tokens for them.
public struct RelayClient: Sendable {
    /// The relay's public callback URL (what torch-test-infra's action posts to by default).
    public static let defaultURL =
        "https://gwuj7w5coh4y4l66urspge6mnm0pwaxq.lambda-url.us-east-1.on.aws/github/callback"
    /// The audience the relay requires of OIDC tokens.
    public static let audience = "pytorch-cross-repo-ci-relay"

    /// The callback URL (a trailing `/` is dropped).
    public var url: String
    let http: HTTPClient

    /// A client posting to `url` over `http`.
    public init(url: String, http: HTTPClient) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.http = http
    }

    /// Posts one callback body with `Authorization: Bearer <token>`. Returns the relay's status and
    /// answer; throws only when no answer came (connection errors, the 10 s timeout).
    public func post(body: String, token: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), text)
    }

    /// A GitHub Actions OIDC token for the relay's audience, from `ACTIONS_ID_TOKEN_REQUEST_URL`
    /// and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` (the job needs `permissions: id-token: write`).
    public static func githubOIDCToken(
        environment: [String: String], http: HTTPClient, audience: String = audience
    ) async throws -> String {
        guard let base = environment["ACTIONS_ID_TOKEN_REQUEST_URL"], !base.isEmpty,
            let bearer = environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"], !bearer.isEmpty
        else {
            throw HUDError(
                "no GitHub Actions OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are not set "
                    + "(give the job `permissions: id-token: write`, or pass --token-file)")
        }
        let separator = base.contains("?") ? "&" : "?"
        let encoded = audience.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? audience
        var request = HTTPClientRequest(url: base + separator + "audience=" + encoded)
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await http.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else {
            throw HUDError("GitHub's OIDC endpoint answered \(response.status.code): \(text.prefix(300))")
        }
        guard case .dict(let d) = try PyJSONParser.parse(text), case .string(let token)? = d["value"], !token.isEmpty
        else { throw HUDError("GitHub's OIDC endpoint answered without a token") }
        return token
    }
}
