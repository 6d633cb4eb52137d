import Foundation
import HudrelayJUnit
import NIOCore

/// Turns parsed tests into rows of `results_staging` in PostgreSQL's COPY text format, in chunks
/// of about 1 MiB.
public struct CopyRows: Sendable {
    /// The columns, in order.
    static let columns = [
        "upload_id", "ordinal", "file", "classname", "name", "outcome", "duration_s", "reruns", "flaky",
        "failure_type", "failure_message", "failure_text", "failure_text_length", "properties", "attempts",
    ]
    static let chunkSize = 1 << 20

    private let uploadID: String
    private var current = ByteBuffer()
    /// The finished chunks.
    public private(set) var chunks: [ByteBuffer] = []
    /// Rows so far.
    public private(set) var count = 0

    /// Starts the rows of one upload.
    public init(uploadID: UUID) {
        self.uploadID = uploadID.uuidString.lowercased()
        current.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Adds one test.
    public mutating func append(_ test: TestRecord) {
        field(uploadID)
        field(String(count))
        field(test.file ?? "")
        field(test.classname)
        field(test.name)
        field(test.outcome.rawValue)
        field(test.duration.map { String($0) })
        field(String(test.reruns))
        field(test.isFlaky ? "t" : "f")
        let detail = test.detail
        field(detail.type)
        field(detail.message)
        field(detail.text?.value)
        field(detail.text.map { String($0.originalLength) })
        field(test.properties.isEmpty ? nil : Self.propertiesJSON(test.properties))
        field(test.priorAttempts.isEmpty ? nil : Self.attemptsJSON(test.attempts), last: true)
        count += 1
        if current.readableBytes >= Self.chunkSize {
            chunks.append(current)
            current = ByteBuffer()
            current.reserveCapacity(Self.chunkSize + 4096)
        }
    }

    /// The remaining chunk; call once at the end.
    public mutating func finish() -> [ByteBuffer] {
        if current.readableBytes > 0 { chunks.append(current) }
        current = ByteBuffer()
        return chunks
    }

    private mutating func field(_ value: String?, last: Bool = false) {
        if let value {
            Self.escape(value, into: &current)
        } else {
            current.writeStaticString("\\N")
        }
        current.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
    }

    /// COPY text escaping: backslash, tab, newline and carriage return.
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

    static func propertiesJSON(_ properties: [JUnitProperty]) -> String {
        JSONWriter.array(
            properties.map { p in
                var w = JSONWriter()
                w.add("name", p.name)
                w.add("value", p.value)
                return w.finish()
            })
    }

    static func attemptsJSON(_ attempts: [TestAttempt]) -> String {
        JSONWriter.array(
            attempts.map { a in
                var w = JSONWriter()
                w.add("outcome", a.outcome.rawValue)
                w.add("source", a.source.rawValue)
                w.add("duration", a.duration)
                w.add("type", a.detail.type)
                w.add("message", a.detail.message)
                w.add("text", a.detail.text?.value)
                return w.finish()
            })
    }
}
