/// PostgreSQL's COPY text format: tab-separated fields, `\N` for NULL, and backslash escapes for
/// backslash, tab, newline and carriage return.
///
/// Rows are written into byte arrays, not `ByteBuffer`s: a `ByteBuffer` write checks exclusive
/// access to its storage at run time, several times per field, which was a tenth of the encoder's
/// time.
enum CopyText {
    /// Writes one field and its separator (a tab, or a newline after the `last` field of a row).
    static func field(_ value: String?, into buffer: inout [UInt8], last: Bool = false) {
        if let value {
            escape(value, into: &buffer)
        } else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
        }
        buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
    }

    /// Writes an integer field and its separator.
    static func field(_ value: Int64, into buffer: inout [UInt8], last: Bool = false) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var n = value.magnitude
            var i = 21
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            if value < 0 {
                i -= 1
                digits[i] = UInt8(ascii: "-")
            }
            buffer.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[i..<21]))
        }
        buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
    }

    /// Writes `value` escaped.
    static func escape(_ value: String, into buffer: inout [UInt8]) {
        var plain = true
        for b in value.utf8 where b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D {
            plain = false
            break
        }
        if plain {
            buffer.append(contentsOf: value.utf8)
            return
        }
        // Runs of plain bytes are written whole, escapes between them.
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                buffer.append(UInt8(ascii: "\\"))
                switch b {
                case 0x5C: buffer.append(UInt8(ascii: "\\"))
                case 0x09: buffer.append(UInt8(ascii: "t"))
                case 0x0A: buffer.append(UInt8(ascii: "n"))
                default: buffer.append(UInt8(ascii: "r"))
                }
                start = i + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}
