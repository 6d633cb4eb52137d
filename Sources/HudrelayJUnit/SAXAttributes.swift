import CLibXML2

/// The attributes libxml2 passes to `startElementNs`: five pointers per attribute (local name,
/// prefix, URI, value start, value end).
struct SAXAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute with local name `name`, decoded as UTF-8.
    subscript(_ name: StaticString) -> String? {
        guard let base else { return nil }
        for i in 0..<count {
            guard let local = base[5 * i] else { continue }
            if CString.equals(local, CString.length(local), name) {
                guard let start = base[5 * i + 3], let end = base[5 * i + 4] else { return "" }
                return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
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
