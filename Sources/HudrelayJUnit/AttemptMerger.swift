/// Merges `<testcase>` entries of the same test within a suite, over a bounded window.
///
/// Entries arrive in document order. A test stays open while later entries may still join it;
/// it is handed over when its suite closes, or when the window (``ParserOptions/mergeWindow``
/// tests or ``ParserOptions/mergeWindowBytes`` bytes) is full, oldest first. Memory therefore does
/// not grow with the report.
struct AttemptMerger {
    /// Open tests in arrival order; boxed so that moving the window moves pointers, not records.
    private var slots: [PendingBox?] = []
    /// The absolute sequence number of `slots[0]`.
    private var base = 0
    /// Index into `slots` of the oldest slot that may be live.
    private var head = 0
    /// Identity hash → sequence number of the open test with that identity.
    private var index: [Int: Int] = [:]
    private var live = 0
    private var bytes = 0
    private let window: Int
    private let windowBytes: Int
    /// Entries merged as a teardown error of the same run.
    private(set) var teardownMerges = 0

    init(window: Int, windowBytes: Int) {
        self.window = max(1, window)
        self.windowBytes = windowBytes
    }

    /// Adds an entry, handing over any tests pushed out of the window.
    mutating func add(_ entry: CaseEntry, emit: (TestRecord) throws -> Void) rethrows {
        if let seq = index[entry.identityHash], let box = slots[seq - base], box.test.matches(entry) {
            let before = box.test.bytes
            if box.test.merge(entry) { teardownMerges += 1 }
            bytes += box.test.bytes - before
        } else {
            // A new test (or, astronomically rarely, a hash collision: the older test then simply
            // stops being mergeable).
            let box = PendingBox(PendingTest(entry: entry))
            bytes += box.test.bytes
            index[entry.identityHash] = base + slots.count
            slots.append(box)
            live += 1
        }
        while live > window || (bytes > windowBytes && live > 1) {
            try emitOldest(emit)
        }
    }

    /// Hands over every open test of `suite`, in the order they started.
    mutating func flush(suite: Int, emit: (TestRecord) throws -> Void) rethrows {
        var i = head
        while i < slots.count {
            if let box = slots[i], box.test.record.suiteIndex == suite { try take(at: i, emit) }
            i += 1
        }
        compact()
    }

    /// Hands over every open test.
    mutating func flushAll(emit: (TestRecord) throws -> Void) rethrows {
        var i = head
        while i < slots.count {
            if slots[i] != nil { try take(at: i, emit) }
            i += 1
        }
        compact()
    }

    private mutating func emitOldest(_ emit: (TestRecord) throws -> Void) rethrows {
        while head < slots.count && slots[head] == nil { head += 1 }
        guard head < slots.count else { return }
        try take(at: head, emit)
        compact()
    }

    private mutating func take(at i: Int, _ emit: (TestRecord) throws -> Void) rethrows {
        guard let box = slots[i] else { return }
        slots[i] = nil
        live -= 1
        bytes -= box.test.bytes
        if index[box.test.identityHash] == base + i { index[box.test.identityHash] = nil }
        try emit(box.test.finish())
    }

    private mutating func compact() {
        while head < slots.count && slots[head] == nil { head += 1 }
        if head == slots.count {
            base += slots.count
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > slots.count {
            slots.removeFirst(head)
            base += head
            head = 0
        }
    }
}

/// A ``PendingTest`` on the heap, merged in place.
final class PendingBox {
    var test: PendingTest

    init(_ test: PendingTest) { self.test = test }
}
