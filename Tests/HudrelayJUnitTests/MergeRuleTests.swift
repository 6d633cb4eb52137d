import HudrelayJUnit
import Testing

/// The rules of `docs/junit.md`, one test each, on small reports written in each shape.
@Suite("Merging attempts", .timeLimit(.minutes(10)))
struct MergeRuleTests {
    @Test("pytest-rerunfailures: empty entries before the final one are failed attempts")
    func rerunfailuresEntries() throws {
        let p = try parse(
            """
            <testsuites><testsuite name="pytest">
            <testcase classname="pkg.test_a" name="test_flaky" time="0.5"/>
            <testcase classname="pkg.test_a" name="test_flaky" time="0.25"/>
            <testcase classname="pkg.test_a" name="test_broken"/>
            <testcase classname="pkg.test_a" name="test_broken"/>
            <testcase classname="pkg.test_a" name="test_broken"><failure message="boom">tb</failure></testcase>
            </testsuite></testsuites>
            """)
        #expect(p.tests.count == 2)
        let flaky = try #require(p.test("test_flaky"))
        #expect(flaky.outcome == .passed)
        #expect(flaky.reruns == 1)
        #expect(flaky.isFlaky)
        #expect(flaky.attempts.map(\.outcome) == [.failed, .passed])
        #expect(flaky.duration == 0.75)
        let broken = try #require(p.test("test_broken"))
        #expect(broken.outcome == .failed)
        #expect(broken.reruns == 2)
        #expect(!broken.isFlaky)
        #expect(broken.detail.message == "boom")
        #expect(p.info.counts.flaky == 1)
        #expect(p.info.counts.reruns == 3)
    }

    @Test("a teardown error after a call failure is the same run, not a rerun")
    func teardownErrorMerges() throws {
        let p = try parse(
            """
            <testsuite name="pytest">
            <testcase classname="m" name="t"><failure message="call failed">x</failure></testcase>
            <testcase classname="m" name="t"><error message="failed on teardown with &quot;RuntimeError&quot;">y</error></testcase>
            </testsuite>
            """)
        let t = try #require(p.tests.first)
        #expect(p.tests.count == 1)
        #expect(t.outcome == .failed)
        #expect(t.reruns == 0)
        #expect(t.attempts.count == 1)
        #expect(t.secondaryDetail?.message == "failed on teardown with \"RuntimeError\"")
        #expect(p.info.elements.teardownMerges == 1)
    }

    @Test("pass then teardown error in one entry is an error; with reruns the empty entries are attempts")
    func passThenTeardownError() throws {
        let p = try parse(
            """
            <testsuite>
            <testcase classname="m" name="t"/>
            <testcase classname="m" name="t"/>
            <testcase classname="m" name="t"><error message="failed on teardown with &quot;E&quot;"/></testcase>
            </testsuite>
            """)
        let t = try #require(p.tests.first)
        #expect(t.outcome == .error)
        #expect(t.reruns == 2)
        #expect(p.info.elements.teardownMerges == 0)
    }

    @Test("PyTorch <rerun> children are failed attempts before the final outcome")
    func pytorchRerunChildren() throws {
        let p = try parse(
            """
            <testsuites><testsuite name="pytest">
            <testcase classname="TestX" name="test_then_pass" time="1.0">
              <rerun message="RuntimeError: device timeout">tb1</rerun><rerun message="again">tb2</rerun>
            </testcase>
            <testcase classname="TestX" name="test_then_fail">
              <rerun message="r1">a</rerun><failure message="final">b</failure>
            </testcase>
            </testsuite></testsuites>
            """)
        let pass = try #require(p.test("test_then_pass"))
        #expect(pass.outcome == .passed)
        #expect(pass.reruns == 2)
        #expect(pass.isFlaky)
        #expect(pass.attempts.map(\.source) == [.rerun, .rerun, .testcase])
        #expect(pass.attempts[0].detail.message == "RuntimeError: device timeout")
        #expect(pass.attempts[0].detail.text?.value == "tb1")
        let fail = try #require(p.test("test_then_fail"))
        #expect(fail.outcome == .failed)
        #expect(fail.reruns == 1)
        #expect(!fail.isFlaky)
    }

    @Test(
        "Surefire and nextest flaky/rerun elements",
        arguments: ["flakyFailure", "flakyError", "rerunFailure", "rerunError"])
    func surefireElements(_ element: String) throws {
        let final = element.hasPrefix("rerun") ? "<failure message=\"first\"/>" : ""
        let p = try parse(
            """
            <testsuite name="S"><testcase classname="a.B" name="c" time="0.1">\(final)
            <\(element) message="m" type="java.lang.AssertionError"><stackTrace>at a.B.c</stackTrace><system-out>o</system-out></\(element)>
            </testcase></testsuite>
            """)
        let t = try #require(p.tests.first)
        #expect(t.reruns == 1)
        #expect(t.attempts.first?.outcome == (element.hasSuffix("Error") ? .error : .failed))
        #expect(t.attempts.first?.detail.text?.value == "at a.B.c")
        #expect(t.attempts.first?.detail.type == "java.lang.AssertionError")
        #expect(t.isFlaky == element.hasPrefix("flaky"))
        #expect(p.info.elements.rerunElements == 1)
    }

    @Test("gotestsum: a failed entry and a later passing one, not adjacent, are one flaky test")
    func nonAdjacentEntries() throws {
        let p = try parse(
            """
            <testsuites><testsuite name="pkg">
            <testcase classname="pkg" name="TestA"><failure message="Failed">x</failure></testcase>
            <testcase classname="pkg" name="TestB"/>
            <testcase classname="pkg" name="TestA"/>
            </testsuite></testsuites>
            """)
        #expect(p.tests.count == 2)
        let a = try #require(p.test("TestA"))
        #expect(a.isFlaky)
        #expect(a.entries == 2)
    }

    @Test("entries in different suites, or with a different classname or file, are different tests")
    func identityScope() throws {
        let p = try parse(
            """
            <testsuites>
            <testsuite name="one"><testcase classname="c" name="t"/><testcase classname="d" name="t"/>
              <testcase classname="c" name="t" file="x.py"/></testsuite>
            <testsuite name="two"><testcase classname="c" name="t"><failure/></testcase></testsuite>
            </testsuites>
            """)
        #expect(p.tests.count == 4)
        #expect(p.info.counts.reruns == 0)
        #expect(p.suites.map(\.tests) == [3, 1])
    }

    @Test("an earlier skipped entry is an attempt but not a failed one")
    func skippedEarlierEntry() throws {
        let p = try parse(
            """
            <testsuite><testcase classname="e2e" name="t"><skipped/></testcase>
            <testcase classname="e2e" name="t"><skipped/></testcase></testsuite>
            """)
        let t = try #require(p.tests.first)
        #expect(t.outcome == .skipped)
        #expect(t.reruns == 0)
        #expect(t.attempts.count == 2)
    }

    @Test("outcome precedence: failure > error > skipped > passed; xfail and xpass markers")
    func precedence() throws {
        let p = try parse(
            """
            <testsuite>
            <testcase name="all"><skipped/><error/><failure/></testcase>
            <testcase name="err"><skipped/><error message="e"/></testcase>
            <testcase name="xf"><skipped type="pytest.xfail" message="known"/></testcase>
            <testcase name="xp"><skipped message="xfail-marked test passes unexpectedly"/></testcase>
            <testcase name="notrun" status="notrun"/>
            <testcase name="ok"/>
            </testsuite>
            """)
        let byName = Dictionary(uniqueKeysWithValues: p.tests.map { ($0.name, $0.outcome) })
        let expected: [String: TestOutcome] = [
            "all": .failed, "err": .error, "xf": .xfailed, "xp": .xpassed, "notrun": .skipped, "ok": .passed,
        ]
        #expect(byName == expected)
        let c = p.info.counts
        #expect([c.failed, c.errors, c.xfailed, c.xpassed, c.skipped, c.passed] == [1, 1, 1, 1, 1, 1])
    }

    @Test("window eviction never splits a test whose entries are adjacent")
    func smallWindow() throws {
        var options = ParserOptions()
        options.mergeWindow = 1
        var xml = "<testsuite>"
        for i in 0..<50 {
            xml +=
                "<testcase classname=\"c\" name=\"t\(i)\"/><testcase classname=\"c\" name=\"t\(i)\"><failure/></testcase>"
        }
        xml += "</testsuite>"
        let p = try parse(xml, options: options)
        #expect(p.tests.count == 50)
        #expect(p.tests.allSatisfy { $0.reruns == 1 && $0.outcome == .failed })
    }
}

@Suite("Merge window", .timeLimit(.minutes(10)))
struct MergeWindowTests {
    /// gotestsum's order at scale: every failed attempt, then unrelated tests, then the passing
    /// attempts, far apart. Names of every length exercise the window's name filter.
    @Test("failed attempts far from their passing retry are merged, for names of any length")
    func farApart() throws {
        let names = (0..<3000).map { i in String(repeating: "x", count: i % 40) + "T\(i)" }
        var xml = "<testsuite name=\"pkg\">"
        for n in names { xml += "<testcase classname=\"pkg\" name=\"\(n)\"><failure message=\"Failed\"/></testcase>" }
        for i in 0..<3000 { xml += "<testcase classname=\"pkg\" name=\"other\(i)\"/>" }
        for n in names { xml += "<testcase classname=\"pkg\" name=\"\(n)\"/>" }
        xml += "</testsuite>"
        let p = try parse(xml)
        #expect(p.info.counts.tests == 6000)
        #expect(p.info.counts.flaky == 3000)
        #expect(p.info.counts.reruns == 3000)
    }

    @Test("a full window hands over its oldest failed tests; later repeats of those are new tests")
    func windowLimit() throws {
        var options = ParserOptions()
        options.mergeWindow = 10
        var xml = "<testsuite>"
        for i in 0..<20 { xml += "<testcase name=\"t\(i)\"><failure/></testcase>" }
        for i in 0..<20 { xml += "<testcase name=\"t\(i)\"/>" }
        xml += "</testsuite>"
        let p = try parse(xml, options: options)
        // The last 10 failures were still waiting when their passes came.
        #expect(p.info.counts.flaky == 10)
        #expect(p.info.counts.tests == 30)
        #expect(p.tests.reduce(0) { $0 + $1.entries } == 40)
    }
}
