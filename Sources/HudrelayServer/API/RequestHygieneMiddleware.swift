import Foundation
import Hummingbird

/// Refuses, with `400` and a problem body, a request whose path or query holds what no handler can
/// match or store: a broken percent escape, bytes that are not UTF-8 once percent-decoded, a NUL
/// byte (PostgreSQL's `text` cannot hold one), or a parameter given twice. The detail names the
/// parameter.
///
/// Hummingbird decodes query values leniently (invalid UTF-8 becomes U+FFFD, a broken escape stays
/// as sent), so the raw path and query are checked here, before any handler reads them.
struct RequestHygieneMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let problem = Self.problem(path: request.uri.path, query: request.uri.query) { throw problem }
        return try await next(request, context)
    }

    /// The problem with a raw path and query, or `nil` when both are clean.
    static func problem(path: String, query: String?) -> Problem? {
        if let fault = fault(path[...]) {
            return Problem.badRequest("bad_path", "the path \(fault)")
        }
        guard let query, !query.isEmpty else { return nil }
        var seen: Set<[UInt8]> = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0]
            let name = display(rawName)
            if let fault = fault(rawName) {
                return Problem.badRequest("bad_parameter", "the name of the query parameter \(name) \(fault)")
            }
            if parts.count == 2, let fault = fault(parts[1]) {
                return Problem.badRequest("bad_parameter", "the query parameter \(name) \(fault)")
            }
            // Every parameter takes one value: the handlers would read the first and drop the rest.
            guard seen.insert(Request.percentDecoded(rawName) ?? []).inserted else {
                return Problem.badRequest("bad_parameter", "the query parameter \(name) is given more than once")
            }
        }
        return nil
    }

    /// What is wrong with a raw, percent-encoded path or query component, or `nil`.
    static func fault(_ raw: Substring) -> String? {
        guard let bytes = Request.percentDecoded(raw) else {
            return "has a broken percent escape (% and two hex digits)"
        }
        if bytes.contains(0) { return "holds a NUL byte (%00), which hudrelay does not store" }
        if String(validating: bytes, as: UTF8.self) == nil { return "is not UTF-8 once percent-decoded" }
        return nil
    }

    /// A parameter name as a detail shows it: decoded where it can be, at most 64 characters.
    private static func display(_ raw: Substring) -> String {
        let decoded = Request.percentDecoded(raw).map { String(decoding: $0, as: UTF8.self) } ?? String(raw)
        let clean = String(decoded.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) })
        return clean.count > 64 ? String(clean.prefix(64)) + "…" : clean
    }
}
