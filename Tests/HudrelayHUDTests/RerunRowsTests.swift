import Foundation
import HudrelayJUnit
import Testing

@testable import HudrelayHUD

/// Rerun-aware rows agree with the parser's merge rules on every corpus report.
@Suite("Rerun-aware PyTorch rows", .timeLimit(.minutes(10)))
struct RerunRowsTests {
    static let corpus = PyTorchRowsTests.corpus

    static func isFlakyRow(_ row: PyDict) -> Bool {
        row.contains("rerun") && !row.contains("failure") && !row.contains("error") && !row.contains("skipped")
    }

    @Test("one row per test and HUD's flaky condition finds the parser's flaky tests, on every corpus report")
    func agreesWithParser() throws {
        let files = FileManager.default.enumerator(atPath: Self.corpus.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xml") }.sorted()
        var checked = 0
        var flaky = 0
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(file)))
            var counts = ReportCounts()
            guard
                (try? JUnitParser().parse(bytes: bytes, handler: { if case .test(let t) = $0 { counts.add(t) } }))
                    != nil,
                let rows = try? RerunRows.cases(report: bytes, origin: PyTorchRowsTests.origin)
            else { continue }
            #expect(rows.count == counts.tests, "\(file): \(rows.count) rows, \(counts.tests) tests")
            #expect(rows.filter(Self.isFlakyRow).count == counts.flaky, "\(file)")
            checked += 1
            flaky += counts.flaky
        }
        #expect(checked > 250)
        #expect(flaky > 10)
    }

    @Test("pytest-rerunfailures' repeated entries become rerun entries of one row")
    func rerunfailures() throws {
        let xml = """
            <testsuites><testsuite name="pytest">
            <testcase classname="t.T" name="test_flaky" time="0.1"/>
            <testcase classname="t.T" name="test_flaky" time="0.2"/>
            <testcase classname="t.T" name="test_bad" time="0.1"/>
            <testcase classname="t.T" name="test_bad" time="0.1"><failure message="boom">tb</failure></testcase>
            <testcase classname="t.T" name="test_bad" time="0.1"><error message="failed on teardown with &quot;RuntimeError: td&quot;">td</error></testcase>
            <testcase classname="u.U" name="test_sf"><flakyFailure message="first" type="E"><stackTrace>st</stackTrace></flakyFailure></testcase>
            </testsuite></testsuites>
            """
        let rows = try RerunRows.cases(report: Array(xml.utf8), origin: PyTorchRowsTests.origin)
        let lines = PyTorchRows.jsonLines(rows).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[0]
                == "{\"classname\": \"T\", \"name\": \"test_flaky\", \"time\": 0.2, \"rerun\": {}, \"file\": \"t.py\", "
                + "\"workflow_id\": 17000000001, \"workflow_run_attempt\": 1, \"job_id\": 48000000002, "
                + "\"invoking_file\": \"inductor.test_add\"}")
        #expect(
            lines[1].contains("\"rerun\": {}, \"failure\": {\"message\": \"boom\", \"text\": \"tb\"}, \"error\": {"))
        #expect(lines[2].contains("\"rerun\": {\"message\": \"first\", \"text\": \"st\"}"))
        #expect(rows.filter(Self.isFlakyRow).count == 2)
    }

    @Test("the rows group entries as the parser does, its merge window included")
    func parserDecides() throws {
        // gotestsum writes failed attempts before passing ones: a retry that arrives while its
        // test still waits is one test; one that arrives after the window let the test go is a
        // test of its own, in the rows as in hudrelay's results.
        let window = ParserOptions().mergeWindow
        var xml = "<testsuites><testsuite name=\"go\">"
        xml += #"<testcase classname="pkg" name="TestNear"><failure message="near"/></testcase>"#
        xml += #"<testcase classname="pkg" name="TestFar"><failure message="far"/></testcase>"#
        xml += #"<testcase classname="pkg" name="TestNear"/>"#
        for i in 0..<window { xml += #"<testcase classname="pkg" name="TestFail\#(i)"><failure/></testcase>"# }
        xml += #"<testcase classname="pkg" name="TestFar"/></testsuite></testsuites>"#
        let bytes = Array(xml.utf8)
        var tests: [TestRecord] = []
        _ = try JUnitParser().parse(bytes: bytes) { if case .test(let t) = $0 { tests.append(t) } }
        let rows = try RerunRows.cases(report: bytes, origin: PyTorchRowsTests.origin)
        #expect(rows.count == tests.count)
        #expect(rows.count == window + 3)
        let near = rows.filter { $0["name"] == .string("TestNear") }
        #expect(near.count == 1 && near.allSatisfy(Self.isFlakyRow))
        let far = rows.filter { $0["name"] == .string("TestFar") }
        #expect(far.count == 2)
        #expect(far.filter(Self.isFlakyRow).isEmpty)
    }
}

/// The objects of a workflow run, written to a directory sink and read back.
@Suite("HUD objects", .timeLimit(.minutes(10)))
struct HUDObjectsTests {
    @Test("summary, failed and full objects under the run's keys, gzip JSON lines")
    func objectsRoundTrip() throws {
        let xml = try [UInt8](
            Data(
                contentsOf: PyTorchRowsTests.corpus.appendingPathComponent(
                    "_generated__pytest-9.2.0/pytest-9.2.0-xunit2-rerunfailures-16.7-reruns2.xml")))
        let cases = try RerunRows.cases(report: xml, origin: PyTorchRowsTests.origin)
        var builder = RowsBuilder(rerunAware: true)
        try builder.add(report: xml, origin: PyTorchRowsTests.origin)
        let objects = try builder.objects(workflowRunID: 17_000_000_001, attempt: 1)
        #expect(
            objects.map(\.key) == [
                "test_run_summary/17000000001/1", "failed_test_runs/17000000001/1", "test_run/17000000001/1",
            ])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hud-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sink = DirectorySink(directory: dir)
        for o in objects { try sink.put(key: o.key, gzip: o.gzip) }
        let full = dir.appendingPathComponent("test_run/17000000001/1.json.gz")
        let text = try GzipInflater.decompress([UInt8](Data(contentsOf: full)))
        #expect(String(decoding: text, as: UTF8.self) == PyTorchRows.jsonLines(cases))
        #expect(objects[1].rows == PyTorchRows.failed(cases).count)
        #expect(objects[1].rows > 0 && objects[1].rows < cases.count)
        #expect(throws: HUDError.self) { try sink.put(key: "../x", gzip: []) }
    }

}
