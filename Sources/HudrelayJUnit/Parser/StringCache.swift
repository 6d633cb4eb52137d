/// Reuses the last string made from the same bytes: consecutive test cases usually share their
/// classname and file, so this saves an allocation per test.
struct StringCache {
    private var bytes: [UInt8] = []
    private var string = ""

    /// The string for `value`, reused when the bytes are the same as last time.
    mutating func string(for value: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.withUnsafeBufferPointer({ CString.equal($0, value) }) { return string }
        bytes = Array(value)
        string = String(decoding: value, as: UTF8.self)
        return string
    }
}
