import HTTPTypes
import Hummingbird

/// Answers `405 Method Not Allowed`, with an `Allow` header and a problem body, for a path that is
/// routed for other methods only; any other unrouted request goes on to the router's `404`.
///
/// Added to the router after every route, so it wraps the router's not-found responder only
/// (Hummingbird applies a middleware to the routes added after it, and to not-found).
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A route's path, one element per segment, and the methods it answers.
    private let routes: [(path: [RouterPath.Element], methods: [HTTPRequest.Method])]

    /// A middleware for every route of `router` so far.
    init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: (path: [RouterPath.Element], methods: [HTTPRequest.Method])] = [:]
        var order: [String] = []
        for route in routes {
            let key = route.path.description
            if byPath[key] == nil {
                byPath[key] = (Array(route.path.components), [])
                order.append(key)
            }
            byPath[key]?.methods.append(route.method)
        }
        self.routes = order.compactMap { byPath[$0] }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let allowed = allowedMethods(request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else { return try await next(request, context) }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        var problem = Problem(
            .methodNotAllowed, "method_not_allowed", "Method not allowed",
            "\(request.uri.path) takes \(allow), not \(request.method.rawValue): see /openapi.json")
        problem.headers[.allow] = allow
        throw problem
    }

    /// The methods routed for `path`, sorted; empty when no route has that path.
    func allowedMethods(_ path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var found: Set<String> = []
        for route in routes where Self.matches(route.path, segments[...]) {
            for m in route.methods { found.insert(m.rawValue) }
        }
        return found.sorted().compactMap { HTTPRequest.Method($0) }
    }

    private static func matches(_ pattern: [RouterPath.Element], _ segments: ArraySlice<Substring>) -> Bool {
        var segments = segments
        for (i, element) in pattern.enumerated() {
            if element.description == "**" { return i == pattern.count - 1 }
            guard let segment = segments.popFirst(), element ~= segment else { return false }
        }
        return segments.isEmpty
    }
}
