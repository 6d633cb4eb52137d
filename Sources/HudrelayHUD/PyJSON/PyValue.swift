/// A JSON value as Python's `json` module sees it, keeping the insertion order of objects: what
/// PyTorch's uploader builds from a JUnit element before `json.dumps`.
public enum PyValue: Sendable, Hashable {
    /// A string.
    case string(String)
    /// A Python int (arbitrary size in Python; 64-bit here, larger values stay strings).
    case int(Int64)
    /// A Python int too large for 64 bits, as its decimal digits.
    case bigInt(String)
    /// A Python float.
    case float(Double)
    /// `True` or `False`.
    case bool(Bool)
    /// `None`.
    case null
    /// A list.
    case list([PyValue])
    /// A dict, in insertion order.
    case dict(PyDict)
}

/// An insertion-ordered dict, like Python's.
public struct PyDict: Sendable, Hashable {
    /// The keys and values, in insertion order.
    public private(set) var items: [(key: String, value: PyValue)] = []

    /// An empty dict.
    public init() {}

    /// The value of `key`.
    public subscript(key: String) -> PyValue? {
        get { items.first { $0.key == key }?.value }
        set {
            if let i = items.firstIndex(where: { $0.key == key }) {
                if let newValue { items[i].value = newValue } else { items.remove(at: i) }
            } else if let newValue {
                items.append((key, newValue))
            }
        }
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { items.contains { $0.key == key } }

    /// Equal keys and values in the same order.
    public static func == (a: PyDict, b: PyDict) -> Bool {
        a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes keys and values in order.
    public func hash(into hasher: inout Hasher) {
        for (k, v) in items {
            hasher.combine(k)
            hasher.combine(v)
        }
    }
}

extension PyValue {
    /// PyTorch's `remove_nan_inf`: every NaN or infinite float becomes the string `"nan"`,
    /// `"inf"` or `"-inf"`.
    public var removingNaNInf: PyValue {
        switch self {
        case .float(let d) where d.isNaN: return .string("nan")
        case .float(let d) where d.isInfinite: return .string(d < 0 ? "-inf" : "inf")
        case .list(let items): return .list(items.map(\.removingNaNInf))
        case .dict(var dict):
            for (k, v) in dict.items { dict[k] = v.removingNaNInf }
            return .dict(dict)
        default: return self
        }
    }
}
