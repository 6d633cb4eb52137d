import Foundation
import Synchronization

/// Keeps relay callbacks under the relay's rate limit: at most ``limit`` requests per repository
/// in any ``window`` (the relay allows 60 a minute per repository, over a sliding window, and
/// answers 429 beyond it), across every delivery of this process.
///
/// A 429 (which comes without `Retry-After`) holds the whole repository back for the backoff
/// that ``throttle(repo:for:now:)`` is given, not just the delivery that met it.
public final class RelayPacer: Sendable {
    /// Requests allowed per repository in a window. Default 50: a margin for the jobs' own
    /// `hud report` calls, which count against the same limit.
    public let limit: Int
    /// The window's length.
    public let window: TimeInterval
    private let state = Mutex<[String: (sent: [Date], holdUntil: Date?)]>([:])

    /// A pacer allowing `limit` requests per repository per `window` seconds.
    public init(limit: Int = 50, window: TimeInterval = 60) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Takes a slot for one request of `repo` now, or says how long to wait for one (`nil`: go).
    public func reserve(repo: String, now: Date = Date()) -> TimeInterval? {
        state.withLock { all in
            var entry = all[repo] ?? ([], nil)
            if let hold = entry.holdUntil, hold > now { return hold.timeIntervalSince(now) }
            entry.sent.removeAll { now.timeIntervalSince($0) >= window }
            if entry.sent.count >= limit {
                all[repo] = entry
                return max(0.001, entry.sent[0].addingTimeInterval(window).timeIntervalSince(now))
            }
            entry.sent.append(now)
            entry.holdUntil = nil
            all[repo] = entry
            return nil
        }
    }

    /// Holds every request of `repo` back for `seconds` (after a 429).
    public func throttle(repo: String, for seconds: TimeInterval, now: Date = Date()) {
        state.withLock { all in
            var entry = all[repo] ?? ([], nil)
            let until = now.addingTimeInterval(seconds)
            if (entry.holdUntil ?? .distantPast) < until { entry.holdUntil = until }
            all[repo] = entry
        }
    }
}
