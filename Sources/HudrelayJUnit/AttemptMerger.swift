/// Merges `<testcase>` entries of the same test within a suite, over a bounded window.
///
/// Entries arrive in document order. A test stays open while later entries may still join it;
/// it is handed over when its suite closes, or when the window (``ParserOptions/mergeWindow``
/// tests or ``ParserOptions/mergeWindowBytes`` bytes) is full, oldest first. Memory therefore does
/// not grow with the report.
struct AttemptMerger {
    private var slots: [PendingTest?] = []
    /// The absolute sequence number of `slots[0]`.
    private var base = 0
    /// Index into `slots` of the oldest slot that may be live.
    private var head = 0
    private var index: [MergeKey: Int] = [:]
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
        let key = MergeKey(suite: entry.suiteIndex, classname: entry.classname, name: entry.name, file: entry.file)
        if let seq = index[key] {
            let i = seq - base
            let before = slots[i]!.bytes
            if slots[i]!.merge(entry) { teardownMerges += 1 }
            bytes += slots[i]!.bytes - before
        } else {
            let pending = PendingTest(entry: entry)
            bytes += pending.bytes
            index[key] = base + slots.count
            slots.append(pending)
        }
        while index.count > window || (bytes > windowBytes && index.count > 1) {
            try emitOldest(emit)
        }
    }

    /// Hands over every open test of `suite`, in the order they started.
    mutating func flush(suite: Int, emit: (TestRecord) throws -> Void) rethrows {
        var i = head
        while i < slots.count {
            if let p = slots[i], p.record.suiteIndex == suite {
                try take(at: i, emit)
            }
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
        let p = slots[i]!
        slots[i] = nil
        bytes -= p.bytes
        let r = p.record
        index[MergeKey(suite: r.suiteIndex, classname: r.classname, name: r.name, file: p.originalFile)] = nil
        try emit(p.finish())
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
