import Foundation
import HudrelayJUnit
import Testing

@Suite("Streaming and compression", .timeLimit(.minutes(10)))
struct StreamingTests {
    /// A pytest-style report of `n` cases, some flaky in pytest-rerunfailures' shape.
    static func report(_ n: Int) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites><testsuite name=\"pytest\">"
        for i in 0..<n {
            if i % 10 == 0 { s += "<testcase classname=\"test.test_ops.TestOps\" name=\"test_\(i)\"/>" }
            s += "<testcase classname=\"test.test_ops.TestOps\" name=\"test_\(i)\" time=\"0.001\"/>"
        }
        return s + "</testsuite></testsuites>"
    }

    @Test("gzip reports are detected by their magic and give the same result")
    func gzip() throws {
        let xml = Self.report(3000)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-gz-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("r.xml")
        try xml.write(to: plain, atomically: true, encoding: .utf8)
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/sh")
        gz.arguments = ["-c", "gzip -c '\(plain.path)' > '\(plain.path).gz'"]
        try gz.run()
        gz.waitUntilExit()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz")))
        #expect(bytes.prefix(2) == [0x1F, 0x8B])
        let a = try parse(xml)
        let b = try parse(bytes: bytes)
        #expect(a.info.counts == b.info.counts)
        #expect(a.tests == b.tests)
        #expect(b.info.counts.flaky == 300)

        var fromFile = 0
        _ = try JUnitParser().parse(path: plain.path + ".gz") { if case .test = $0 { fromFile += 1 } }
        #expect(fromFile == 3000)
    }

    @Test("a corrupt or cut gzip stream is an error")
    func badGzip() throws {
        let bytes: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF]
        let e = try #require(parseError(bytes: bytes))
        #expect(e.kind == .badCompression)
    }

    @Test("tests are handed over while the report is still being read")
    func streams() throws {
        var options = ParserOptions()
        options.mergeWindow = 100
        let xml = Array(Self.report(20_000).utf8)
        let progress = ReadProgress()
        var source = CountingSource(bytes: xml, progress: progress)
        var handed = 0
        var readAtFirstTest = -1
        _ = try JUnitParser(options: options).parse(&source) { event in
            guard case .test = event else { return }
            if handed == 0 { readAtFirstTest = progress.offset }
            handed += 1
        }
        #expect(handed == 20_000)
        // With a window of 100 tests, the first test leaves long before the input ends.
        #expect(readAtFirstTest > 0)
        #expect(readAtFirstTest < xml.count / 10)
    }
}

/// How far a ``CountingSource`` has read.
final class ReadProgress {
    var offset = 0
}

/// A source that reads in 4 KiB pieces and records how much of the input was read.
struct CountingSource: ByteSource {
    let bytes: [UInt8]
    let progress: ReadProgress

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(JUnitParseError) -> Int {
        let offset = progress.offset
        let n = min(buffer.count, bytes.count - offset, 4096)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        progress.offset += n
        return n
    }
}
