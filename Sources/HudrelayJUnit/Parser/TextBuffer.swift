/// Collects the text of one field, keeping at most `cap` bytes and counting the rest.
struct TextBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var total = 0
    let cap: Int

    init(cap: Int) { self.cap = cap }

    var isEmpty: Bool { total == 0 }

    mutating func append(_ pointer: UnsafePointer<UInt8>, count: Int) {
        total += count
        let room = cap - bytes.count
        if room <= 0 { return }
        bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: min(room, count)))
    }

    mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { buf in
            if let base = buf.baseAddress { append(base, count: buf.count) }
        }
    }

    /// The kept text, cut back to a whole character when it was capped; `nil` when empty.
    func text() -> CappedText? {
        if total == 0 { return nil }
        var end = bytes.count
        if total > bytes.count {
            // Drop a UTF-8 sequence that the cap cut in two.
            var i = end - 1
            while i >= 0 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
            if i >= 0 {
                let lead = bytes[i]
                let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if end - i < need { end = i }
            }
        }
        return CappedText(String(decoding: bytes[0..<end], as: UTF8.self), originalLength: total)
    }

    /// The text if any non-whitespace was seen.
    func nonBlankText() -> CappedText? {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return nil
        }
        return text()
    }

    /// Counts bytes of the original that were already cut elsewhere.
    mutating func countDropped(_ count: Int) { total += count }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        total = 0
    }
}
