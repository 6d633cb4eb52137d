import Hummingbird
import Synchronization

/// A time limit on the database work of a request: past it the client gets `503` with
/// `Retry-After`, and may retry safely because every write is idempotent (the same job and
/// content is the same upload).
///
/// The work itself keeps running in the background and may still commit; only the answer stops
/// waiting. This keeps a request from hanging on a connection the database dropped (a restart, a
/// failover) until the client's own timeout.
enum DatabaseDeadline {
    /// How long a request waits for the database.
    static let limit: Duration = .seconds(15)

    /// Runs `work`, or throws a 503 problem when it takes longer than `limit`.
    static func run<T: Sendable>(
        _ what: String, limit: Duration = limit, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        do {
            return try await StepDeadline.run(what, limit: limit, work)
        } catch is StepTimedOut {
            throw Problem.retryLater(
                "database_unavailable", "Database unavailable",
                "the database did not answer within \(limit.components.seconds) s while \(what); retry", after: 2)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// A flag that one caller can claim.
final class Once: Sendable {
    private let claimed = Mutex(false)

    /// `true` for the first caller only.
    func claim() -> Bool {
        claimed.withLock { done in
            defer { done = true }
            return !done
        }
    }
}
