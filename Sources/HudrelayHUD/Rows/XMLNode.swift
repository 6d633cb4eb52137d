/// An element as Python's ElementTree holds it: tag, attributes in document order, `text`
/// (before the first child) and `tail` (after the element's end, up to the next tag).
final class XMLNode {
    let tag: String
    let attributes: [(String, String)]
    var text = ""
    var tail = ""
    var children: [XMLNode] = []
    /// The number of the `<testsuite>` the element is in (0 outside any).
    var suite = 0

    init(tag: String, attributes: [(String, String)]) {
        self.tag = tag
        self.attributes = attributes
    }

    /// PyTorch's `process_xml_element`: attributes (int-then-float coerced), `text` and `tail`
    /// when not blank, then children by tag, a repeated tag becoming a list.
    var pyDict: PyDict {
        var d = PyDict()
        for (k, v) in attributes { d[k] = PyNumber.coerce(v) }
        if !Self.isBlank(text) { d["text"] = .string(text) }
        if !Self.isBlank(tail) { d["tail"] = .string(tail) }
        for child in children {
            let value = PyValue.dict(child.pyDict)
            switch d[child.tag] {
            case nil: d[child.tag] = value
            case .list(var items)?:
                items.append(value)
                d[child.tag] = .list(items)
            case let existing?: d[child.tag] = .list([existing, value])
            }
        }
        return d
    }

    /// The value of attribute `name`.
    func attribute(_ name: String) -> String? { attributes.first { $0.0 == name }?.1 }

    static func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy(PyNumber.isSpace) }
}
