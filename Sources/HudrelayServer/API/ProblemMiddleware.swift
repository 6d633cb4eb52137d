import Foundation
import HudrelayStore
import Hummingbird
import OpenAPIRuntime

/// Turns every error that is not already a ``Problem`` into one, so no client ever gets an HTML or
/// plain-text error. An error from the generated API code (`ServerError`) is unwrapped first: the
/// handler's own error is answered as if thrown here, and a request the runtime could not read is
/// a 4xx naming what it could not read.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            throw Self.problem(error, request: request, context: context)
        }
    }

    /// The problem an error is answered with.
    static func problem(_ error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as ServerError:
            let status = error.httpStatus
            guard (400..<500).contains(status.code) else {
                return problem(error.underlyingError, request: request, context: context)
            }
            let code =
                status == .notAcceptable ? "not_acceptable" : status == .badRequest ? "bad_request" : "bad_media_type"
            return Problem(status, code, status.reasonPhrase, "\(error.causeDescription) See /openapi.json")
        case let error as HTTPError:
            let title = error.status.reasonPhrase
            let detail: String
            switch error.status {
            case .notFound: detail = "there is no \(request.method.rawValue) \(request.uri.path): see /openapi.json"
            case .methodNotAllowed: detail = "\(request.uri.path) does not take \(request.method.rawValue)"
            default: detail = error.body ?? title
            }
            return Problem(error.status, title.lowercased().replacingOccurrences(of: " ", with: "_"), title, detail)
        case let error as StoreError where error.code == .badContext:
            return Problem.badRequest(error.code.rawValue, error.message)
        case _ where DatabaseOutage.matches(error):
            context.logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            return Problem.retryLater(
                "database_unavailable", "Database unavailable",
                "the database is not reachable right now (restarting?); retry in a few seconds", after: 2)
        case _ where TransactionConflict.matches(error):
            context.logger.warning("transaction conflict", metadata: ["error": "\(String(reflecting: error))"])
            return Problem.retryLater(
                "database_busy", "Database busy",
                "another transaction held what this request needed; retry in a second",
                after: 1)
        default:
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return Problem(
                .internalServerError, "internal", "Internal server error",
                "the server could not complete the request; it was logged. Try again, and report it if it persists")
        }
    }
}
