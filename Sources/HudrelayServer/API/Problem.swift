import Foundation
import HTTPTypes
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
    /// Extra members (the parse error's line and column, …).
    public var extra: [String: Int] = [:]
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
        var w = JSONWriter()
        w.add("type", "about:blank")
        w.add("title", title)
        w.add("status", Int(status.code))
        w.add("detail", detail)
        w.add("code", code)
        w.add("instance", request.uri.path)
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { w.add(k, v) }
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: w.finish())))
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

/// Turns every error that is not already a ``Problem`` into one, so no client ever gets an HTML or
/// plain-text error.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPError {
            let title = error.status.reasonPhrase
            let detail: String
            switch error.status {
            case .notFound: detail = "there is no \(request.method.rawValue) \(request.uri.path): see /openapi.json"
            case .methodNotAllowed: detail = "\(request.uri.path) does not take \(request.method.rawValue)"
            default: detail = error.body ?? title
            }
            throw Problem(error.status, title.lowercased().replacingOccurrences(of: " ", with: "_"), title, detail)
        } catch let error as StoreError where error.code == .badContext {
            throw Problem.badRequest(error.code.rawValue, error.message)
        } catch  where DatabaseOutage.matches(error) {
            context.logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem.retryLater(
                "database_unavailable", "Database unavailable",
                "the database is not reachable right now (restarting?); retry in a few seconds", after: 2)
        } catch  where TransactionConflict.matches(error) {
            context.logger.warning("transaction conflict", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem.retryLater(
                "database_busy", "Database busy",
                "another transaction held what this request needed; retry in a second",
                after: 1)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw Problem(
                .internalServerError, "internal", "Internal server error",
                "the server could not complete the request; it was logged. Try again, and report it if it persists")
        }
    }
}
