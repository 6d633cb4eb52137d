import CLibXML2

/// The attributes libxml2 passes to `startElementNs`: five pointers per attribute (local name,
/// prefix, URI, value start, value end).
struct SAXAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The local name of attribute `i`.
    func name(_ i: Int) -> UnsafePointer<UInt8>? { base?[5 * i] }

    /// The raw value bytes of attribute `i`.
    func value(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard let base, let start = base[5 * i + 3], let end = base[5 * i + 4] else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: start, count: end - start)
    }

    /// The value of the attribute with local name `name`, decoded as UTF-8.
    subscript(_ name: StaticString) -> String? {
        for i in 0..<count {
            guard let local = self.name(i) else { continue }
            if CString.equals(local, CString.length(local), name) {
                return String(decoding: value(i), as: UTF8.self)
            }
        }
        return nil
    }

    /// The value of `name` if present and not empty.
    func nonEmpty(_ name: StaticString) -> String? {
        guard let v = self[name], !v.isEmpty else { return nil }
        return v
    }
}
