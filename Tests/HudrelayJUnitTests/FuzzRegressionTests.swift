import Foundation
import HudrelayJUnit
import Testing

/// Every input the fuzzer ever crashed on (`Fixtures/fuzz/`, kept by `scripts/fuzz-parser` runs),
/// replayed with the fuzz target's invariants.
@Suite("Fuzzer findings", .timeLimit(.minutes(10)))
struct FuzzRegressionTests {
    static let inputs: [String] = {
        let dir = Fixtures.url("fuzz")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test("there are findings to replay")
    func nonEmpty() { #expect(!Self.inputs.isEmpty) }

    @Test("each finding either fails cleanly or parses consistently", arguments: inputs)
    func replay(_ name: String) throws {
        let bytes = try Fixtures.bytes("fuzz/" + name)
        var options = ParserOptions()
        options.maxTextBytes = 256
        options.mergeWindow = 4
        options.mergeWindowBytes = 4096
        do {
            let p = try parse(bytes: bytes, options: options)
            #expect(p.tests.reduce(0) { $0 + $1.entries } == p.info.elements.testcases)
            let c = p.info.counts
            #expect(c.passed + c.failed + c.errors + c.skipped + c.xfailed + c.xpassed == c.tests)
        } catch let e as JUnitParseError {
            #expect(!e.message.isEmpty)
            #expect(e.line >= 1, "\(e)")
        }
    }

    @Test("a decoder failure is an error, never a partial report that looks complete")
    func decoderHalt() throws {
        let e = try #require(
            parseError(bytes: try Fixtures.bytes("fuzz/crash-utf7-decoder-halt-reports-partial-success.xml")))
        #expect(e.kind == .malformed)
        #expect(e.message.contains("encoding"))
    }
}
