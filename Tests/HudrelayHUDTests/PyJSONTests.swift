import Foundation
import Testing

@testable import HudrelayHUD

/// Python's own `json.dumps` is the reference: every value is also serialized by python3.
@Suite("Python-compatible JSON", .timeLimit(.minutes(10)))
struct PyJSONTests {
    /// Runs python3 with `script`, feeding `input` on stdin; returns stdout.
    static func python(_ script: String, input: String) throws -> String {
        String(decoding: try ToolRun.python3(script, input: Data(input.utf8)), as: UTF8.self)
    }

    static var floats: [Double] {
        var values: [Double] = [
            0.01, 1e-05, 1e-4, 0.0001234, 1e16, 1e15, 123456789012345678, 100.0, 0.1 + 0.2, 1.5, -2.25, 3.0,
            1e300, 5e-324, 2.2250738585072014e-308, 9007199254740993, 0.000001, 12345.678, 1234567890123456.0,
            -0.0, 0.0, 4.35, 1.503, 2.125, 3.638, 1e22, 1e21, 123e-20,
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            values.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))
            values.append(Double.random(in: 0...10, using: &rng).rounded(toPlaces: 3))
        }
        return values
    }

    @Test("floats are written as Python's repr")
    func floatsMatchPython() throws {
        let values = Self.floats
        let input = values.map { String($0.bitPattern, radix: 16) }.joined(separator: "\n")
        let expected = try Self.python(
            "import json,struct,sys\nfor l in sys.stdin.read().split():\n"
                + "    print(json.dumps(struct.unpack('<d', int(l,16).to_bytes(8,'little'))[0]))",
            input: input
        ).split(separator: "\n").map(String.init)
        #expect(expected.count == values.count)
        for (v, e) in zip(values, expected) { #expect(PyJSON.dumps(.float(v)) == e, "\(v)") }
    }

    @Test("strings and nested values match json.dumps byte for byte")
    func stringsMatchPython() throws {
        var d = PyDict()
        d["name"] = .string("test_ünïcode_中文_🚀 \"q\" \\ \t\n\r\u{1}\u{7f}")
        d["time"] = .float(0.01)
        d["line"] = .int(42)
        d["rerun"] = .list([.dict(PyDict()), .null])
        d["neg"] = .int(-7)
        let ours = PyJSON.dumps(.dict(d))
        let theirs = try Self.python(
            "import json,sys\nprint(json.dumps(json.loads(sys.stdin.read())), end='')", input: ours)
        #expect(ours == theirs)
    }
}

extension Double {
    fileprivate func rounded(toPlaces n: Int) -> Double {
        let p = Foundation.pow(10.0, Double(n))
        return (self * p).rounded() / p
    }
}
