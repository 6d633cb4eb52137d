import NIOCore

/// PostgreSQL's COPY text format: tab-separated fields, `\N` for NULL, and backslash escapes for
/// backslash, tab, newline and carriage return.
enum CopyText {
    /// Writes one field and its separator (a tab, or a newline after the `last` field of a row).
    static func field(_ value: String?, into buffer: inout ByteBuffer, last: Bool = false) {
        if let value {
            escape(value, into: &buffer)
        } else {
            buffer.writeStaticString("\\N")
        }
        buffer.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
    }

    /// Writes `value` escaped.
    static func escape(_ value: String, into buffer: inout ByteBuffer) {
        var plain = true
        for b in value.utf8 where b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D {
            plain = false
            break
        }
        if plain {
            buffer.writeString(value)
            return
        }
        for b in value.utf8 {
            switch b {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(b)
            }
        }
    }
}
