/// Remembers what an interned name pointer means.
///
/// libxml2 interns element and attribute names in its parser dictionary, so within one parse the
/// same name always arrives as the same pointer. Comparing a pointer against the few names seen so
/// far is cheaper than measuring and comparing the bytes for every element.
struct InternedNames<Value> {
    private var pointers: [UnsafePointer<UInt8>] = []
    private var values: [Value] = []
    private let limit = 32

    /// The value for `name`, classifying it with `classify` the first time it is seen.
    mutating func value(for name: UnsafePointer<UInt8>, _ classify: (UnsafePointer<UInt8>) -> Value) -> Value {
        for i in pointers.indices where pointers[i] == name { return values[i] }
        let value = classify(name)
        if pointers.count < limit {
            pointers.append(name)
            values.append(value)
        }
        return value
    }
}

/// The `<testcase>` attributes the parser reads.
enum CaseAttribute: UInt8 {
    case name, classname, `class`, file, line, time, duration, status, result, other

    init(localName p: UnsafePointer<UInt8>) {
        let n = CString.length(p)
        func eq(_ s: StaticString) -> Bool { CString.equals(p, n, s) }
        switch n {
        case 4: self = eq("name") ? .name : eq("time") ? .time : eq("file") ? .file : eq("line") ? .line : .other
        case 5: self = eq("class") ? .class : .other
        case 6: self = eq("status") ? .status : eq("result") ? .result : .other
        case 8: self = eq("duration") ? .duration : .other
        case 9: self = eq("classname") ? .classname : .other
        default: self = .other
        }
    }
}
