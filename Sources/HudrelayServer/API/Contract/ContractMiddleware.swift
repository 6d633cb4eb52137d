import Hummingbird

/// Checks each query and path parameter against the contract (``ContractRules``) before the
/// generated code decodes it, and makes the request available to the handler (``APIRequest``).
///
/// A bad value is a `400` problem naming the parameter, with the code the contract gives it
/// (`x-problem-code`): the generated decoders would take `007` as 7, and fail on `abc` without
/// naming the parameter.
struct ContractMiddleware<Context: RequestContext>: RouterMiddleware {
    let rules: ContractRules

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        if let problem = rules.problem(method: request.method.rawValue, path: request.uri.path, query: query) {
            throw problem
        }
        return try await APIRequest.$current.withValue(request) { try await next(request, context) }
    }
}
