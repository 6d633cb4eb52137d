import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Retries the generated client's requests as ``RetryPolicy`` says. Its operations send no body
/// or a small one held in memory, so each attempt can send it again.
struct RetryMiddleware: ClientMiddleware {
    let policy: RetryPolicy

    /// The header a 429 or 503 says when to try again with.
    static let retryAfter = HTTPField.Name("Retry-After")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var bytes: Data?
        if let body { bytes = try await Data(collecting: body, upTo: 16 << 20) }
        var attempt = 0
        while true {
            var failure: String
            var retryAfter: Double?
            do {
                let (response, responseBody) = try await next(request, bytes.map { HTTPBody($0) }, baseURL)
                guard RetryPolicy.retries(status: response.status.code) else { return (response, responseBody) }
                failure = "HTTP \(response.status.code)"
                retryAfter = response.headerFields[Self.retryAfter].flatMap(Double.init)
            } catch {
                failure = "\(error)"
            }
            attempt += 1
            guard let delay = policy.delay(after: attempt, retryAfter: retryAfter) else {
                throw UploadError("\(request.path ?? operationID): gave up after \(attempt) attempts: \(failure)")
            }
            RetryPolicy.announce(failure, delay: delay)
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }
}
