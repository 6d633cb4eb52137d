import HudrelayJUnit
import Testing

/// Reports written by real pytest 9.2 and pytest-rerunfailures 16.7
/// (`Fixtures/pytest/generate.sh` made them; its README lists every entry).
@Suite("Real pytest reports", .timeLimit(.minutes(10)))
struct PytestFixtureTests {
    static let outcomes: [String: TestOutcome] = [
        "test_passes": .passed, "test_always_fails": .failed, "test_teardown_error": .failed,
        "test_passes_teardown_error": .error, "test_setup_error": .error, "test_xfail": .xfailed,
        "test_xpass": .passed, "test_xpass_strict": .failed, "test_skip": .skipped, "test_marked_flaky": .passed,
        "test_method": .passed, "test_param[a::b]": .passed, "test_param[<&>]": .passed, "test_record": .passed,
    ]

    @Test(
        "without --reruns: one flaky test (the flaky marker), the teardown error merged",
        arguments: ["xunit1", "xunit2"])
    func plain(_ family: String) throws {
        let p = try parseFixture("pytest/\(family).xml")
        let c = p.info.counts
        #expect(p.info.elements.testcases == 17)
        #expect(c.tests == 15)
        #expect([c.passed, c.failed, c.errors, c.skipped, c.xfailed, c.xpassed] == [7, 4, 2, 1, 1, 0])
        #expect(c.flaky == 1)
        #expect(c.reruns == 1)
        #expect(p.info.elements.teardownMerges == 1)
        for (name, outcome) in Self.outcomes {
            #expect(p.test(name)?.outcome == outcome, "\(name)")
        }
        #expect(p.test("test_fails_first_attempt")?.outcome == .failed)
        #expect(p.test("test_marked_flaky")?.isFlaky == true)
        #expect(p.test("test_teardown_error")?.secondaryDetail?.message?.hasPrefix("failed on teardown with") == true)
        #expect(p.test("test_record")?.properties.contains(.init(name: "tag", value: "core")) == true)
    }

    @Test(
        "with --reruns 2: every failing attempt is a rerun, fail-then-pass is flaky", arguments: ["xunit1", "xunit2"])
    func reruns(_ family: String) throws {
        let p = try parseFixture("pytest/\(family)-reruns.xml")
        let c = p.info.counts
        #expect(p.info.elements.testcases == 28)
        #expect(c.tests == 15)
        #expect([c.passed, c.failed, c.errors, c.skipped, c.xfailed, c.xpassed] == [8, 3, 2, 1, 1, 0])
        #expect(c.flaky == 2)
        #expect(c.reruns == 12)
        let flaky = try #require(p.test("test_fails_first_attempt"))
        #expect(flaky.isFlaky)
        #expect(flaky.attempts.map(\.outcome) == [.failed, .passed])
        #expect(p.test("test_always_fails")?.reruns == 2)
        let teardown = try #require(p.test("test_teardown_error"))
        #expect(teardown.outcome == .failed)
        #expect(teardown.reruns == 2)
        #expect(teardown.entries == 4)
        #expect(p.test("test_passes_teardown_error")?.reruns == 2)
    }

    @Test("xunit1 carries file and line (0-based as pytest writes it); xunit2 derives the file from the classname")
    func families() throws {
        let one = try #require(try parseFixture("pytest/xunit1.xml").test("test_passes"))
        #expect(one.file == "test_hud.py")
        #expect(!one.fileDerived)
        #expect(one.line == 4)
        let two = try #require(try parseFixture("pytest/xunit2.xml").test("test_passes"))
        #expect(two.line == nil)
        #expect(two.classname == "test_hud")
        #expect(two.file == nil)
    }
}
