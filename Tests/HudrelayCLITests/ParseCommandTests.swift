import Foundation
import Testing

@Suite("hudrelay parse", .timeLimit(.minutes(10)))
struct ParseCommandTests {
    let reruns = CLIRunner.fixtures.appendingPathComponent("pytest/xunit2-reruns.xml").path
    let truncated = CLIRunner.fixtures.appendingPathComponent(
        "corpus/EnricoMi__publish-unit-test-result-action/python/test/files/junit-xml/pytest/corrupt-xml.xml"
    ).path

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("--format json prints one object per file with the contract's keys")
    func json() throws {
        let r = try CLIRunner.run(["parse", "--format", "json", reruns, reruns])
        #expect(r.status == 0)
        #expect(r.lines.count == 2)
        let o = try object(r.lines[0])
        for key in [
            "file", "tests", "passed", "failed", "errors", "skipped", "xfailed", "xpassed", "flaky", "reruns", "suites",
        ] {
            #expect(o[key] != nil, "missing \(key)")
        }
        #expect(o["tests"] as? Int == 15)
        #expect(o["flaky"] as? Int == 2)
        #expect(o["reruns"] as? Int == 12)
        #expect(o["file"] as? String == reruns)
    }

    @Test("--format jsonl prints one normalized test per line")
    func jsonl() throws {
        let r = try CLIRunner.run(["parse", "--format", "jsonl", reruns])
        #expect(r.status == 0)
        #expect(r.lines.count == 15)
        let tests = try r.lines.map(object)
        let flaky = try #require(tests.first { $0["name"] as? String == "test_fails_first_attempt" })
        #expect(flaky["outcome"] as? String == "passed")
        #expect(flaky["flaky"] as? Bool == true)
        #expect((flaky["attempts"] as? [Any])?.count == 2)
        #expect(flaky["classname"] as? String == "test_hud")
    }

    @Test("a bad file: exit 1, one FILE:LINE:COL line on stderr, other files still reported")
    func badFile() throws {
        let r = try CLIRunner.run(["parse", "--format", "json", reruns, truncated])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.hasPrefix("\(truncated):11:22: "))
        #expect(r.lines.count == 2)
        let failed = try object(r.lines[1])
        #expect(failed["complete"] as? Bool == false)
        #expect(failed["tests"] == nil)
    }

    @Test("an encoding failure is still exactly one line on stderr")
    func encodingFailure() throws {
        let bad = CLIRunner.fixtures.appendingPathComponent("fuzz/crash-utf7-decoder-halt-reports-partial-success.xml")
            .path
        let r = try CLIRunner.run(["parse", bad])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test("a missing file is an error line too")
    func missingFile() throws {
        let r = try CLIRunner.run(["parse", "/nonexistent/report.xml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/report.xml:0:0: cannot open"))
    }

    @Test(
        "usage errors exit 2",
        arguments: [["parse"], ["parse", "--format", "yaml", "x.xml"], ["parse", "--bogus", "x"]])
    func usage(_ args: [String]) throws {
        #expect(try CLIRunner.run(args).status == 2)
    }

    @Test("- reads standard input, gzip included")
    func stdin() throws {
        let xml = Data("<testsuite><testcase name=\"a\"/><testcase name=\"a\"><failure/></testcase></testsuite>".utf8)
        let r = try CLIRunner.run(["parse", "--format", "json", "-"], stdin: xml)
        #expect(r.status == 0)
        let o = try object(r.lines[0])
        #expect(o["tests"] as? Int == 1)
        #expect(o["reruns"] as? Int == 1)
        #expect(o["file"] as? String == "<stdin>")

        // gzip through the same runner's file plumbing, not a pipe.
        let gzipped = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-gz-\(UUID()).gz")
        defer { try? FileManager.default.removeItem(at: gzipped) }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-c", reruns]
        FileManager.default.createFile(atPath: gzipped.path, contents: nil)
        gzip.standardOutput = FileHandle(forWritingAtPath: gzipped.path)
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try Data(contentsOf: gzipped)
        #expect(compressed.prefix(2) == Data([0x1F, 0x8B]))
        let gz = try CLIRunner.run(["parse", "--format", "json", "-"], stdin: compressed)
        #expect(gz.status == 0)
        #expect(try object(gz.lines[0])["reruns"] as? Int == 12)
    }

    @Test("summary lists failing and flaky tests for people")
    func summary() throws {
        let r = try CLIRunner.run(["parse", reruns])
        #expect(r.status == 0)
        #expect(
            r.lines[0].contains(
                "15 tests: 8 passed, 3 failed, 2 errors, 1 skipped, 1 xfailed, 0 xpassed; 2 flaky, 12 reruns"))
        #expect(r.stdout.contains("FLAKY  test_hud::test_fails_first_attempt (passed after 1 failed attempt)"))
        #expect(r.stdout.contains("FAILED test_hud::test_always_fails"))
    }
}
