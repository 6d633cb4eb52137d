import Foundation
import HudrelayJUnit
import Testing

@testable import HudrelayHUD

/// The fast rows writer (`RowsBuilder`, `RowsJSON`, `FastNumber`, `ParallelGzip`) against the
/// straightforward one (`PyTorchRows`, `RerunRows`, `PyJSON`), which the Python reference checks.
@Suite("Rows builder", .timeLimit(.minutes(10)))
struct RowsBuilderTests {
    static func corpusFiles() -> [URL] {
        let root = PyTorchRowsTests.corpus
        return FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") }.sorted().map { root.appendingPathComponent($0) }
    }

    static func lines(_ gzip: [UInt8]) throws -> String {
        String(decoding: try GzipInflater.decompress(gzip), as: UTF8.self)
    }

    @Test("every corpus report gives the same three objects as the straightforward writer, plain and rerun-aware")
    func corpusObjectsMatch() throws {
        var compared = 0
        for url in Self.corpusFiles() {
            let bytes = [UInt8](try Data(contentsOf: url))
            for rerunAware in [false, true] {
                guard
                    let cases = try?
                        (rerunAware
                        ? RerunRows.cases(report: bytes, origin: PyTorchRowsTests.origin)
                        : PyTorchRows.cases(report: bytes, origin: PyTorchRowsTests.origin))
                else { continue }
                var builder = RowsBuilder(rerunAware: rerunAware)
                try builder.add(report: bytes, origin: PyTorchRowsTests.origin)
                let objects = try builder.objects(workflowRunID: 17_000_000_001, attempt: 1)
                let expected = [
                    PyTorchRows.summary(cases), PyTorchRows.failed(cases), cases,
                ].map(PyTorchRows.jsonLines)
                for (object, want) in zip(objects, expected) {
                    #expect(try Self.lines(object.gzip) == want, "\(url.lastPathComponent) \(object.key)")
                }
                compared += 1
            }
        }
        #expect(compared > 500)
    }

    @Test("several reports in one builder: rows in order, one summary across them")
    func severalReports() throws {
        let files = Self.corpusFiles().prefix(40)
        var builder = RowsBuilder(rerunAware: true)
        var all: [PyDict] = []
        for (i, url) in files.enumerated() {
            let bytes = [UInt8](try Data(contentsOf: url))
            let origin = PyTorchRows.Origin(
                workflowID: 17_000_000_001, workflowRunAttempt: 1, jobID: i % 2 == 0 ? 48_000_000_001 : nil,
                invokingFile: "file\(i % 3)")
            guard let cases = try? RerunRows.cases(report: bytes, origin: origin) else { continue }
            try builder.add(report: bytes, origin: origin)
            all += cases
        }
        let objects = try builder.objects(workflowRunID: 17_000_000_001, attempt: 1, jobSuffix: 48_000_000_001)
        #expect(
            objects.map(\.key)
                == ["test_run_summary", "failed_test_runs", "test_run"].map { "\($0)/17000000001/1/48000000001" })
        #expect(try Self.lines(objects[0].gzip) == PyTorchRows.jsonLines(PyTorchRows.summary(all)))
        #expect(try Self.lines(objects[2].gzip) == PyTorchRows.jsonLines(all))
    }

    @Test("plain numbers are copied as Python's repr writes them; the rest take the exact path")
    func fastNumbers() {
        let values = [
            "0", "7", "-5", "-0", "007", "+5", " 7 ", "1_000", "123456789012345678", "1234567890123456789", "0.010",
            "00.5", "-0.0", "0.000", "100.0", "1.10", "0.0001", "0.00001", "1e-05", "1e5", "123456789012345.0",
            "1234567890123456.0", "12345678901234567.0", "0.1234567890123456", "nan", "NaN", "-inf", " Infinity ",
            "infinity_x", "test_foo", "e", "1.2.3", "--5", "5-", "a\"b\\c", "tab\there", "ünïcode", "٣",
        ]
        for v in values {
            var fast: [UInt8] = []
            RowsJSON.writeAttribute(v, into: &fast)
            var slow = ""
            PyJSON.write(PyNumber.coerce(v).removingNaNInf, into: &slow)
            #expect(String(decoding: fast, as: UTF8.self) == slow, "\(v)")
        }
    }

    @Test("a large buffer gzipped on two threads is one gzip stream of the same bytes")
    func parallelGzip() throws {
        var bytes: [UInt8] = []
        var rng = SystemRandomNumberGenerator()
        while bytes.count < 3 << 20 {
            bytes.append(
                contentsOf: "{\"name\": \"test_\(rng.next() % 1000)\", \"time\": 0.\(rng.next() % 997)}\n".utf8)
        }
        let gz = try ParallelGzip.compress(bytes, level: 1)
        #expect(try GzipInflater.decompress(gz) == bytes)
        let out = [UInt8](
            try ToolRun.python3(
                "import gzip, sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))", input: Data(gz)))
        #expect(out == bytes, "Python's gzip reads it whole")
    }
}
