/// The generic test behind an instantiated one: `test/<file>.py::<Class>::<method>` with PyTorch's
/// device-type instantiation taken off (docs/junit.md, rule 13), the id torch-spyre's test configs
/// name.
///
/// `TestBinaryUfuncsPRIVATEUSE1::test_add_privateuse1_float16` is `TestBinaryUfuncs::test_add`: the
/// class loses its upper-case device suffix; the method loses `_<device>` and the dtypes after it,
/// and, for an OpInfo test whose `op__` tag names the op, `_<op>[_<variant>]` before the device.
/// A method without a device part is not instantiated and stays as it is.
public struct GenericTestID: Sendable, Hashable {
    /// The file in its normalized form, or `nil` when the test has none.
    public var file: String?
    /// The class without its device suffix (the last part of a dotted classname); may be empty.
    public var classname: String
    /// The method without its instantiation suffixes.
    public var method: String
    /// The method with only the device and dtypes taken off (the op is still there), which a
    /// config's regular expression may also be matched against.
    public var stem: String

    /// The device names of PyTorch's instantiation, as they appear in method names.
    public static let devices = ["privateuse1", "spyre", "cpu", "cuda", "xpu", "mps", "meta", "hpu", "lazy"]
    /// dtype names as they appear in method names (PyTorch's `dtype_name`), longest first.
    public static let dtypes = [
        "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e4m3fn", "float8_e5m2", "complex128", "complex64", "complex32",
        "bfloat16", "float16", "float32", "float64", "uint16", "uint32", "uint64", "int16", "int32", "int64", "uint8",
        "int8", "cdouble", "cfloat", "chalf", "double", "float", "half", "bool",
    ]

    /// The generic test of a record's identity: `path` is its normalized file, `ops` the values of
    /// its `op` tags.
    public init(path: String?, classname written: String, name: String, ops: [String] = []) {
        file = path
        var cls = Substring(written)
        if let dot = cls.lastIndex(of: ".") { cls = cls[cls.index(after: dot)...] }
        for device in Self.devices {
            let suffix = device.uppercased()
            if cls.count > suffix.count, cls.hasSuffix(suffix) {
                cls = cls.dropLast(suffix.count)
                break
            }
        }
        self.classname = String(cls)
        self.stem = Self.stem(of: name)
        self.method = Self.dropOp(from: self.stem, ops: ops, original: name)
    }

    /// The id: `file::Class::method`, leaving out an empty file or class.
    public var id: String {
        var parts: [String] = []
        if let file, !file.isEmpty { parts.append(file) }
        if !classname.isEmpty { parts.append(classname) }
        parts.append(method)
        return parts.joined(separator: "::")
    }

    /// Whether a test config's entry names this test (``EntryPattern``): `Class::method` or a bare
    /// method, either a plain name, a regular expression matched in full or a glob, against the
    /// generic method or the method with its op still on.
    public func matches(_ entry: String) -> Bool { EntryPattern(entry).matches(self) }

    /// `name` without `_<device>` and the dtypes after it; `name` itself when it has no device part.
    static func stem(of name: String) -> String {
        var rest = Substring(name)
        while let dtype = dtypes.first(where: { rest.count > $0.count + 1 && rest.hasSuffix("_" + $0) }) {
            rest = rest.dropLast(dtype.count + 1)
        }
        for device in devices where rest.count > device.count + 1 && rest.hasSuffix("_" + device) {
            return String(rest.dropLast(device.count + 1))
        }
        // A device-only test keeps its dtypes when there was no device: `test_cast_float32` is a test.
        return name
    }

    /// `stem` without `_<op>[_<variant>]`, for the first op tag found in it after the test's own
    /// name.
    static func dropOp(from stem: String, ops: [String], original: String) -> String {
        guard stem != original else { return stem }
        for op in ops {
            var candidates = [op.replacingDots]
            if op.hasPrefix("torch_") { candidates.append(String(op.dropFirst(6)).replacingDots) }
            if op.hasPrefix("torch.") { candidates.append(String(op.dropFirst(6)).replacingDots) }
            for c in candidates where !c.isEmpty {
                // What is left must still be a test's name (`test_x`), not the bare prefix: a
                // plain `test_add` tagged `op__torch_add` is not an OpInfo test.
                if let r = stem.lastRange(of: "_" + c), stem[..<r.lowerBound].contains("_") {
                    let after = stem[r.upperBound...]
                    if after.isEmpty || after.hasPrefix("_") { return String(stem[..<r.lowerBound]) }
                }
            }
        }
        return stem
    }
}

extension String {
    /// The string with `.` as `_` (how OpInfo names appear in method names).
    fileprivate var replacingDots: String { String(map { $0 == "." ? "_" : $0 }) }

    /// The last range of `needle`, if any.
    func lastRange(of needle: String) -> Range<String.Index>? {
        let n = needle.utf8.count
        guard n > 0, utf8.count >= n else { return nil }
        var i = endIndex
        while i > startIndex {
            i = index(before: i)
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
        }
        return nil
    }
}
