import Synchronization

/// A signal that tasks wait for, with a timeout: workers for `NOTIFY hudrelay_uploads`, clients
/// long-polling an upload for its end.
///
/// A waiter returns as soon as ``signal()`` is called (not at a next poll), when the timeout
/// passes, or when its task is cancelled. A signal that comes while a waiter is about to park is
/// not missed.
public final class Wakeup: Sendable {
    private enum Slot {
        case pending
        case parked(CheckedContinuation<Void, Never>)
        case released
    }

    private struct State {
        var nextID = 0
        var slots: [Int: Slot] = [:]
    }

    private let state = Mutex(State())

    /// Creates a signal.
    public init() {}

    /// Wakes every waiter.
    public func signal() {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            var woken: [CheckedContinuation<Void, Never>] = []
            for (id, slot) in s.slots {
                switch slot {
                case .parked(let c):
                    woken.append(c)
                    s.slots[id] = nil
                case .pending: s.slots[id] = .released
                case .released: break
                }
            }
            return woken
        }
        for c in woken { c.resume() }
    }

    /// Sleeps up to `timeout`, returning early after a signal or when the task is cancelled.
    public func wait(timeout: Duration) async {
        let id = state.withLock { s in
            s.nextID &+= 1
            s.slots[s.nextID] = .pending
            return s.nextID
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.release(id)
            }
            group.addTask {
                await withCheckedContinuation { c in self.park(id, c) }
            }
            await group.next()
            group.cancelAll()
        }
        state.withLock { _ = $0.slots.removeValue(forKey: id) }
    }

    private func park(_ id: Int, _ c: CheckedContinuation<Void, Never>) {
        let parked = state.withLock { s in
            guard case .pending = s.slots[id] else { return false }
            s.slots[id] = .parked(c)
            return true
        }
        if !parked { c.resume() }
    }

    private func release(_ id: Int) {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            switch s.slots[id] {
            case .parked(let c):
                s.slots[id] = nil
                return c
            case .pending:
                s.slots[id] = .released
                return nil
            case .released, nil:
                return nil
            }
        }
        c?.resume()
    }
}
