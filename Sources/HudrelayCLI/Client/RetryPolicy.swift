import Foundation

/// When a request to the server is tried again, and after how long: connection errors, 429 and
/// 5xx, with exponential backoff (0.5 s doubling to 30 s) and jitter, honouring `Retry-After`.
/// The one rule for the raw requests (``UploadClient/send(method:url:json:report:)``) and the
/// generated client's (``RetryMiddleware``).
struct RetryPolicy: Sendable {
    /// Attempts after the first.
    let retries: Int

    /// Whether an answer with this status is tried again.
    static func retries(status: Int) -> Bool { status == 429 || status >= 500 }

    /// Seconds to wait before attempt `attempt + 1` (from 1), or `nil` when it is not made: the
    /// server's `Retry-After` where it sent one.
    func delay(after attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt <= retries else { return nil }
        let backoff = min(30.0, 0.5 * pow(2.0, Double(attempt - 1)))
        return retryAfter ?? Double.random(in: backoff / 2...backoff)
    }

    /// Says on standard error that a request is retried.
    static func announce(_ failure: String, delay: Double) {
        OutputStream.standardError().line("hudrelay: \(failure); retrying in \(String(format: "%.1f", delay)) s")
    }
}
