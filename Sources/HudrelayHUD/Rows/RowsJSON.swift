/// Writes one case row as `json.dumps` bytes straight from its element, with PyTorch's rules
/// (``XMLNode/pyDict``, ``PyTorchRows/sanitize(_:)``, the origin's keys, `remove_nan_inf`) but
/// without building a ``PyDict``: the common attribute values (plain ints, short decimals, printable
/// ASCII text) are copied as bytes, and everything else goes through the exact slow path.
/// `RowsBuilderTests` checks it against ``PyTorchRows/jsonLines(_:)`` on the whole corpus.
struct RowsJSON {
    /// A value of the row, before serialization.
    enum Entry {
        /// An attribute value (coerced when written).
        case attribute(String)
        /// A string, as is.
        case string(String)
        /// An element (written as its dict).
        case element(XMLNode)
        /// A repeated key (a list).
        case list([Entry])
        /// An int.
        case int(Int64)
        /// `null`.
        case null
    }

    /// An element's keys and values in Python's dict order (`process_xml_element`).
    static func entries(_ node: XMLNode) -> [(key: String, value: Entry)] {
        var e: [(key: String, value: Entry)] = []
        e.reserveCapacity(node.attributes.count + node.children.count + 6)
        for (k, v) in node.attributes { e.append((k, .attribute(v))) }
        if !XMLNode.isBlank(node.text) { set(&e, "text", .string(node.text)) }
        if !XMLNode.isBlank(node.tail) { set(&e, "tail", .string(node.tail)) }
        for child in node.children {
            if let i = e.firstIndex(where: { $0.key == child.tag }) {
                if case .list(var items) = e[i].value {
                    items.append(.element(child))
                    e[i].value = .list(items)
                } else {
                    e[i].value = .list([e[i].value, .element(child)])
                }
            } else {
                e.append((child.tag, .element(child)))
            }
        }
        return e
    }

    /// Sets `key` in place, or appends it (a Python dict assignment).
    static func set(_ e: inout [(key: String, value: Entry)], _ key: String, _ value: Entry) {
        if let i = e.firstIndex(where: { $0.key == key }) { e[i].value = value } else { e.append((key, value)) }
    }

    /// The Python value of an entry (for the few decisions the rules make on values).
    static func pyValue(_ entry: Entry) -> PyValue {
        switch entry {
        case .attribute(let v):
            switch FastNumber.classify(v.utf8) {
            case .text?: return .string(v)
            case .int?: if let i = Int64(v) { return .int(i) }
            case .decimal?: if let d = Double(v) { return .float(d) }
            case nil: break
            }
            return PyNumber.coerce(v)
        case .string(let s): return .string(s)
        case .element(let n): return .dict(n.pyDict)
        case .list(let items): return .list(items.map(pyValue))
        case .int(let i): return .int(i)
        case .null: return .null
        }
    }

    /// A case row's entries before the origin's keys: the element's, sanitized (a dotted classname
    /// gives `file`).
    static func caseEntries(_ node: XMLNode) -> [(key: String, value: Entry)] {
        var e = entries(node)
        let file = e.first { $0.key == "file" }.map { PyTorchRows.truthy(pyValue($0.value)) } ?? false
        if !file, let c = e.first(where: { $0.key == "classname" }), case .string(let classname) = pyValue(c.value),
            !classname.contains("\n"), let dot = classname.lastIndex(of: ".")
        {
            var module = classname[..<dot]
            let bare = classname[classname.index(after: dot)...]
            if module.hasPrefix("test.") { module = module.dropFirst(5) }
            if !module.isEmpty, !bare.isEmpty {
                set(&e, "classname", .string(String(bare)))
                set(&e, "file", .string(module.replacingOccurrences(of: ".", with: "/") + ".py"))
            }
        }
        return e
    }

    /// The origin's keys of a case row: appended in this order, or set in place where the element
    /// already has such a key.
    static func originKeys(_ origin: PyTorchRows.Origin) -> [(key: String, value: Entry)] {
        [
            ("workflow_id", .int(origin.workflowID)), ("workflow_run_attempt", .int(origin.workflowRunAttempt)),
            ("job_id", origin.jobID.map { .int($0) } ?? .null), ("invoking_file", .string(origin.invokingFile)),
        ]
    }

    static let originKeyNames: Set<String> = ["workflow_id", "workflow_run_attempt", "job_id", "invoking_file"]

    /// `, "workflow_id": …, …` and the closing brace: the end of every case row whose element has
    /// none of the origin's keys.
    static func originSuffix(_ origin: PyTorchRows.Origin) -> [UInt8] {
        var out: [UInt8] = []
        for (k, v) in originKeys(origin) {
            out.append(contentsOf: [0x2C, 0x20])
            PyJSON.string(k, into: &out)
            out.append(contentsOf: [0x3A, 0x20])
            write(v, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends the case row of `entries` (from ``caseEntries(_:origin:)``), ending with the origin's
    /// keys (`suffix` from ``originSuffix(_:)``).
    static func writeCase(
        _ entries: [(key: String, value: Entry)], origin: PyTorchRows.Origin, suffix: [UInt8], into out: inout [UInt8]
    ) {
        if entries.contains(where: { originKeyNames.contains($0.key) }) {
            var e = entries
            for (k, v) in originKeys(origin) { set(&e, k, v) }
            writeObject(e, into: &out)
            return
        }
        if entries.isEmpty {
            // `{` then the suffix without its leading ", ".
            out.append(UInt8(ascii: "{"))
            out.append(contentsOf: suffix.dropFirst(2))
            return
        }
        writeObject(entries, into: &out)
        out.removeLast()
        out.append(contentsOf: suffix)
    }

    /// Appends `{…}` for `entries`.
    static func writeObject(_ entries: [(key: String, value: Entry)], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (i, (k, v)) in entries.enumerated() {
            if i > 0 { out.append(contentsOf: [0x2C, 0x20]) }
            PyJSON.string(k, into: &out)
            out.append(contentsOf: [0x3A, 0x20])
            write(v, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ entry: Entry, into out: inout [UInt8]) {
        switch entry {
        case .attribute(let v): writeAttribute(v, into: &out)
        case .string(let s): PyJSON.string(s, into: &out)
        case .element(let n): writeObject(entries(n), into: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// An attribute value as Python's int-then-float coercion leaves it, NaN and infinities as
    /// strings. Plain ints and decimals of at most 15 significant digits are copied as their
    /// `repr` directly (a decimal that short is its own shortest round-trip form).
    static func writeAttribute(_ v: String, into out: inout [UInt8]) {
        var v = v
        let written = v.withUTF8 { bytes -> Bool in
            guard let kind = FastNumber.classify(bytes: bytes) else { return false }
            switch kind {
            case .int: out.append(contentsOf: bytes)
            case .decimal(let integer, let fraction):
                FastNumber.writeDecimal(bytes: bytes, integer, fraction, into: &out)
            case .text:
                // Printable ASCII: only quotes and backslashes need escapes.
                out.append(0x22)
                for b in bytes {
                    if b == 0x22 || b == 0x5C { out.append(0x5C) }
                    out.append(b)
                }
                out.append(0x22)
            }
            return true
        }
        if written { return }
        var text = ""
        PyJSON.write(PyNumber.coerce(v).removingNaNInf, into: &text)
        out.append(contentsOf: text.utf8)
    }
}
