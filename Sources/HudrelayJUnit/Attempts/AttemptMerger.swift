/// Merges `<testcase>` entries of the same test within a suite, in bounded memory.
///
/// Entries arrive in document order. The latest test stays open until an entry of another test
/// arrives: repeats next to each other (pytest-rerunfailures, pytest's teardown errors) merge
/// there. A test whose latest outcome is failed or error then waits in a window for a later,
/// non-adjacent attempt (gotestsum writes failed attempts before the passing ones); a passed or
/// skipped test is handed over at once. Waiting tests leave when their suite closes, or oldest
/// first when the window (``ParserOptions/mergeWindow`` tests, ``ParserOptions/mergeWindowBytes``
/// bytes) is full. Memory therefore does not grow with the report.
struct AttemptMerger {
    /// The most recent test while it has a single entry (the common case, kept light).
    private var lastEntry: CaseEntry?
    /// The most recent test once a second entry has joined it.
    private var last: PendingTest?
    /// Waiting failed tests in arrival order; boxed so that the window moves pointers.
    private var slots: [PendingBox?] = []
    /// The absolute sequence number of `slots[0]`.
    private var base = 0
    /// Index into `slots` of the oldest slot that may be live.
    private var head = 0
    /// Identity hash → sequence number of the waiting test with that identity.
    private var index: [Int: Int] = [:]
    /// Which names may be waiting: lets most entries skip hashing.
    private var filter = WaitingFilter()
    private var live = 0
    private var bytes = 0
    private let window: Int
    private let windowBytes: Int
    private let textCap: Int
    /// Entries merged as a teardown error of the same run.
    private(set) var teardownMerges = 0

    init(window: Int, windowBytes: Int, textCap: Int) {
        self.window = max(1, window)
        self.windowBytes = windowBytes
        self.textCap = textCap
    }

    /// Adds an entry, handing over the tests that can no longer change.
    mutating func add(_ entry: consuming CaseEntry, emit: (TestRecord) throws -> Void) rethrows {
        if let previous = lastEntry.take() {
            if previous.matches(entry) {
                last = PendingTest(entry: previous, textCap: textCap)
                if last!.merge(entry) { teardownMerges += 1 }
                return
            }
            if previous.outcome.isFailure {
                try retire(PendingTest(entry: previous, textCap: textCap), emit)
            } else {
                try emit(previous.consumeIntoRecord())
            }
        } else if last?.matches(entry) == true {
            if last!.merge(entry) { teardownMerges += 1 }
            return
        } else if let previous = last {
            last = nil
            try retire(previous, emit)
        }
        if !index.isEmpty && filter.mayContain(WaitingFilter.key(entry.name)) {
            let hash = IdentityHash.of(suite: entry.suiteIndex, entry.classname, entry.name, entry.file)
            if let seq = index[hash], let box = slots[seq - base], box.test.matches(entry) {
                let before = box.test.bytes
                if box.test.merge(entry) { teardownMerges += 1 }
                bytes += box.test.bytes - before
                return
            }
        }
        lastEntry = entry
    }

    /// A test that is no longer the latest: handed over, or kept waiting when it failed.
    private mutating func retire(_ test: PendingTest, _ emit: (TestRecord) throws -> Void) rethrows {
        guard test.record.outcome.isFailure else {
            try emit(test.finish())
            return
        }
        let box = PendingBox(test)
        // A hash collision (astronomically rare) only makes the older test unmergeable.
        index[box.hash] = base + slots.count
        filter.insert(WaitingFilter.key(test.record.name))
        slots.append(box)
        live += 1
        bytes += test.bytes
        while live > window || (bytes > windowBytes && live > 1) {
            try emitOldest(emit)
        }
    }

    /// Hands over every open test of `suite`.
    mutating func flush(suite: Int, emit: (TestRecord) throws -> Void) rethrows {
        if let entry = lastEntry, entry.suiteIndex == suite {
            lastEntry = nil
            try emit(entry.consumeIntoRecord())
        }
        if let test = last, test.record.suiteIndex == suite {
            last = nil
            try emit(test.finish())
        }
        var i = head
        while i < slots.count {
            if let box = slots[i], box.test.record.suiteIndex == suite { try take(at: i, emit) }
            i += 1
        }
        compact()
    }

    /// Hands over every open test.
    mutating func flushAll(emit: (TestRecord) throws -> Void) rethrows {
        if let entry = lastEntry {
            lastEntry = nil
            try emit(entry.consumeIntoRecord())
        }
        if let test = last {
            last = nil
            try emit(test.finish())
        }
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
        if index[box.hash] == base + i { index[box.hash] = nil }
        try emit(box.test.finish())
    }

    private mutating func compact() {
        while head < slots.count && slots[head] == nil { head += 1 }
        if head == slots.count {
            filter.clear()
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

/// A waiting ``PendingTest`` on the heap, merged in place.
final class PendingBox {
    @exclusivity(unchecked) var test: PendingTest
    let hash: Int

    init(_ test: PendingTest) {
        self.test = test
        self.hash = test.identityHash
    }
}
