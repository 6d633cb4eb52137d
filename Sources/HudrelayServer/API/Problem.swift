import Foundation
import HTTPTypes
import HudrelayAPI
import HudrelayStore
import Hummingbird

/// An API error rendered as RFC 9457 `application/problem+json`: a title, a status, a detail a
/// person can act on, and a stable code for scripts.
public struct Problem: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short, stable summary of the kind of problem.
    public var title: String
    /// What went wrong with this request and what to do about it.
    public var detail: String
    /// A machine-readable code (`bad_context`, `unauthorized`, `too_large`, …).
    public var code: String
    /// Extra headers (`WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields = [:]

    /// Creates a problem.
    public init(_ status: HTTPResponse.Status, _ code: String, _ title: String, _ detail: String) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
    }

    /// The problem as a response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Components.Schemas.Problem(
            _type: "about:blank", title: title, status: Int(status.code), detail: detail, code: code,
            instance: request.uri.path)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: try APIJSON.string(body))))
    }

    /// 400 for a bad or missing parameter.
    public static func badRequest(_ code: String, _ detail: String) -> Problem {
        Problem(.badRequest, code, "Bad request", detail)
    }

    /// 404 for a missing resource.
    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, "not_found", "Not found", detail)
    }

    /// 503 with `Retry-After`: the same request succeeds when tried again (clients retry it).
    public static func retryLater(
        _ code: String, _ title: String, _ detail: String, after seconds: Int
    ) -> Problem {
        var p = Problem(.serviceUnavailable, code, title, detail)
        p.headers[.retryAfter] = String(seconds)
        return p
    }

    /// 401 with a `WWW-Authenticate` challenge.
    public static func unauthorized(_ detail: String) -> Problem {
        var p = Problem(.unauthorized, "unauthorized", "Unauthorized", detail)
        p.headers[.wwwAuthenticate] = "Bearer realm=\"hudrelay\""
        return p
    }
}
