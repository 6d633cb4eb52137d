import Foundation
import Testing

@testable import HudrelayHUD

/// PyTorch's rows against a Python reference (Fixtures/pytorch_rows.py, ElementTree and
/// `json.dumps`), over every report of the reference corpus that ElementTree reads.
@Suite("PyTorch rows", .timeLimit(.minutes(10)))
struct PyTorchRowsTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = here.deletingLastPathComponent().appendingPathComponent("HudrelayJUnitTests/Fixtures/corpus")
    static let origin = PyTorchRows.Origin(
        workflowID: 17_000_000_001, workflowRunAttempt: 1, jobID: 48_000_000_002, invokingFile: "inductor.test_add")

    /// The reference's output per report path: `nil` when ElementTree could not read it.
    static func reference(_ paths: [String]) throws -> [String: [String]?] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments =
            [
                "python3", here.appendingPathComponent("Fixtures/pytorch_rows.py").path, "17000000001", "1",
                "48000000002", "inductor.test_add",
            ]
            + paths
        // A file, not a pipe: a pipe's end of file would wait for any process that inherited it.
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-rows-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: outFile) }
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: outFile.path)
        try p.run()
        p.waitUntilExit()
        let data = try Data(contentsOf: outFile)
        var result: [String: [String]?] = [:]
        var current: String?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# ") {
                let rest = line.dropFirst(2)
                if rest.hasSuffix(" !") {
                    result[String(rest.dropLast(2))] = .some(nil)
                    current = nil
                } else {
                    current = String(rest)
                    result[current!] = []
                }
            } else if let c = current, !line.isEmpty {
                result[c]??.append(String(line))
            }
        }
        return result
    }

    @Test("every corpus report's rows equal the Python reference's, byte for byte")
    func corpusMatchesReference() throws {
        let files = FileManager.default.enumerator(atPath: Self.corpus.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") }.sorted().map { Self.corpus.appendingPathComponent($0).path }
        let expected = try Self.reference(files)
        var compared = 0
        var rows = 0
        for path in files {
            guard case .some(.some(let lines)) = expected[path] else { continue }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            guard let cases = try? PyTorchRows.cases(report: bytes, origin: Self.origin) else {
                Issue.record("\(path): ElementTree reads it, hudrelay does not")
                continue
            }
            let ours = PyTorchRows.jsonLines(cases).split(separator: "\n").map(String.init)
            #expect(ours == lines, "\(path)")
            // The fast writer the publisher uses gives the same bytes.
            var builder = RowsBuilder(rerunAware: false)
            try builder.add(report: bytes, origin: Self.origin)
            let fast = String(decoding: builder.caseLines, as: UTF8.self).split(separator: "\n").map(String.init)
            #expect(fast == lines, "RowsBuilder: \(path)")
            compared += 1
            rows += ours.count
        }
        #expect(compared > 250)
        #expect(rows > 1000)
    }

    @Test("the reference's worked example: rows, the failed subset and the summary")
    func workedExample() throws {
        let xml = """
            <testsuites>
              <testsuite name="pytest" errors="0" failures="1" skipped="1" tests="3" time="4.210">
                <testcase classname="TestAddSPYRE" name="test_add_spyre_float16" time="1.503" file="inductor/test_add.py">
                  <rerun message="AssertionError: Tensor-likes are not close!">Traceback (most recent call last):
              ...</rerun>
                  <system-out>compiling kernel</system-out>
                </testcase>
                <testcase classname="TestAddSPYRE" name="test_add_spyre_int64" time="0.010" file="inductor/test_add.py">
                  <skipped type="pytest.skip" message="dtype not supported">inductor/test_add.py:42: dtype not supported</skipped>
                </testcase>
                <testcase classname="TestAddSPYRE" name="test_add_spyre_float32" time="2.125" file="inductor/test_add.py">
                  <rerun message="RuntimeError: device busy">Traceback A</rerun>
                  <rerun message="RuntimeError: device busy">Traceback B</rerun>
                  <failure message="RuntimeError: device busy">Traceback C</failure>
                </testcase>
              </testsuite>
            </testsuites>
            """
        let cases = try PyTorchRows.cases(report: Array(xml.utf8), origin: Self.origin)
        #expect(PyTorchRows.failed(cases).count == 2)
        let summary = PyTorchRows.jsonLines(PyTorchRows.summary(cases))
        #expect(
            summary
                == "{\"file\": \"inductor/test_add.py\", \"classname\": \"TestAddSPYRE\", \"job_id\": 48000000002, "
                + "\"workflow_id\": 17000000001, \"workflow_run_attempt\": 1, \"invoking_file\": \"inductor.test_add\", "
                + "\"tests\": 3, \"failures\": 1, \"errors\": 0, \"skipped\": 1, \"successes\": 1, \"time\": 3.638}\n")
        let last = PyTorchRows.jsonLines([cases[2]])
        #expect(
            last
                == "{\"classname\": \"TestAddSPYRE\", \"name\": \"test_add_spyre_float32\", \"time\": 2.125, "
                + "\"file\": \"inductor/test_add.py\", \"rerun\": [{\"message\": \"RuntimeError: device busy\", "
                + "\"text\": \"Traceback A\"}, {\"message\": \"RuntimeError: device busy\", \"text\": \"Traceback B\"}], "
                + "\"failure\": {\"message\": \"RuntimeError: device busy\", \"text\": \"Traceback C\"}, "
                + "\"workflow_id\": 17000000001, \"workflow_run_attempt\": 1, \"job_id\": 48000000002, "
                + "\"invoking_file\": \"inductor.test_add\"}\n")
    }

    @Test("attribute values coerce as Python's int() then float() do")
    func coercion() {
        let cases: [(String, PyValue)] = [
            ("42", .int(42)), (" 7 ", .int(7)), ("1_000", .int(1000)), ("-0", .int(0)), ("0.010", .float(0.01)),
            ("1e5", .float(100000)), ("nan", .float(.nan)), ("-inf", .float(-.infinity)), ("1__0", .string("1__0")),
            ("+-1", .string("+-1")), ("abc", .string("abc")),
            ("123456789012345678901234", .bigInt("123456789012345678901234")),
            ("", .string("")), (".5", .float(0.5)), ("1.", .float(1)),
        ]
        for (text, want) in cases {
            let got = PyNumber.coerce(text)
            if case .float(let w) = want, w.isNaN {
                guard case .float(let g) = got, g.isNaN else { Issue.record("\(text): \(got)"); continue }
            } else {
                #expect(got == want, "\(text)")
            }
        }
    }
}
