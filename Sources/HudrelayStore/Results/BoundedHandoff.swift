import Foundation
import Synchronization

/// A bounded queue from a producer thread to an async consumer: the parser's rows on their way to
/// `COPY`.
///
/// The producer is a thread of its own (never a task on Swift's cooperative pool): ``put(_:)``
/// blocks it while `capacity` elements wait, so memory stays bounded when the database is slower
/// than the parser. The consumer takes elements with ``next()``; each element taken counts as
/// progress on `progress`.
///
/// - Important: A consumer that stops early must call ``cancel()``, or the producer blocks forever
///   on a full queue. `put` then throws ``HandoffCancelled``.
public final class BoundedHandoff<Element: Sendable>: Sendable {
    private struct State: ~Copyable {
        var buffer: [Element] = []
        var head = 0
        var end: Result<Void, any Error>?
        var cancelled = false
        var consumer: CheckedContinuation<Element?, any Error>?
    }

    private let state = Mutex(State())
    private let space = NSCondition()
    /// The most elements waiting at once.
    public let capacity: Int
    private let progress: AttemptProgress?

    /// A hand-off holding at most `capacity` elements; taking one marks `progress`.
    public init(capacity: Int, progress: AttemptProgress? = nil) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.progress = progress
    }

    /// Adds `element`, blocking the calling thread while the queue is full.
    ///
    /// - Important: Call from a thread of your own, never from a task: it blocks.
    /// - Throws: ``HandoffCancelled`` once the consumer has cancelled.
    public func put(_ element: Element) throws {
        space.lock()
        defer { space.unlock() }
        while true {
            let (resumed, full, cancelled) = state.withLock {
                s -> (CheckedContinuation<Element?, any Error>?, Bool, Bool) in
                if s.cancelled { return (nil, false, true) }
                if let c = s.consumer {
                    s.consumer = nil
                    return (c, false, false)
                }
                if s.buffer.count - s.head >= capacity { return (nil, true, false) }
                s.buffer.append(element)
                return (nil, false, false)
            }
            if cancelled { throw HandoffCancelled() }
            if let resumed {
                progress?.mark()
                resumed.resume(returning: element)
                return
            }
            if !full { return }
            space.wait()
        }
    }

    /// Ends the stream: normally with `nil`, or with `error` after the elements already queued.
    public func finish(throwing error: (any Error)? = nil) {
        let consumer = state.withLock { s -> CheckedContinuation<Element?, any Error>? in
            guard s.end == nil, !s.cancelled else { return nil }
            s.end = error.map { .failure($0) } ?? .success(())
            defer { s.consumer = nil }
            return s.consumer
        }
        if let consumer {
            if let error { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
        }
    }

    /// Stops the producer and the consumer: a next or pending ``put(_:)`` or ``next()`` throws
    /// ``HandoffCancelled``, and what is queued is dropped.
    public func cancel() {
        let consumer = state.withLock { s -> CheckedContinuation<Element?, any Error>? in
            s.cancelled = true
            s.buffer.removeAll()
            s.head = 0
            s.end = .failure(HandoffCancelled())
            defer { s.consumer = nil }
            return s.consumer
        }
        consumer?.resume(throwing: HandoffCancelled())
        space.lock()
        space.broadcast()
        space.unlock()
    }

    /// The next element, waiting for one; `nil` at the end. Throws the producer's error, if it
    /// finished with one.
    public func next() async throws -> Element? {
        let taken = state.withLock { s -> HandoffTake<Element> in
            if s.head < s.buffer.count {
                let e = s.buffer[s.head]
                s.head += 1
                if s.head == s.buffer.count {
                    s.buffer.removeAll(keepingCapacity: true)
                    s.head = 0
                }
                return .element(e)
            }
            if let end = s.end { return .end(end) }
            return .wait
        }
        switch taken {
        case .element(let e):
            progress?.mark()
            wakeProducer()
            return e
        case .end(let result):
            try result.get()
            return nil
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { s -> Result<Element?, any Error>? in
                    if s.head < s.buffer.count {
                        let e = s.buffer[s.head]
                        s.head += 1
                        return .success(e)
                    }
                    if let end = s.end { return end.map { nil } }
                    s.consumer = continuation
                    return nil
                }
                if let ready {
                    if case .success(.some) = ready { progress?.mark() }
                    continuation.resume(with: ready)
                }
                wakeProducer()
            }
        }
    }

    /// Wakes a producer waiting for room.
    private func wakeProducer() {
        space.lock()
        space.signal()
        space.unlock()
    }
}

/// What ``BoundedHandoff/next()`` found.
private enum HandoffTake<Element> {
    case element(Element)
    case end(Result<Void, any Error>)
    case wait
}

extension BoundedHandoff: AsyncSequence {
    /// Iterates with ``next()``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let handoff: BoundedHandoff

        /// The next element.
        public mutating func next() async throws -> Element? { try await handoff.next() }
    }

    /// An iterator over the elements.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handoff: self) }
}

/// Thrown by ``BoundedHandoff/put(_:)`` once the consumer has cancelled.
public struct HandoffCancelled: Error, Sendable {
    /// Creates the error.
    public init() {}
}
