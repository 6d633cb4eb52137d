import HudrelayJUnit
import Testing

@Suite("Fields: files, times, properties, text", .timeLimit(.minutes(10)))
struct FieldTests {
    @Test(
        "PyTorch's file rule for dotted classnames",
        arguments: [
            (
                "test.test_binary_ufuncs.TestBinaryUfuncsPRIVATEUSE1", "test_binary_ufuncs.py",
                "TestBinaryUfuncsPRIVATEUSE1"
            ),
            ("test.inductor.test_add.TestAddSPYRE", "inductor/test_add.py", "TestAddSPYRE"),
            ("pkg.sub.test_nested", "pkg/sub.py", "test_nested"),
            ("test.Foo", "test.py", "Foo"),
        ])
    func fileRule(_ classname: String, _ file: String, _ cls: String) throws {
        let d = try #require(PyTorchFileRule.derive(classname: classname))
        #expect(d.file == file)
        #expect(d.classname == cls)
    }

    @Test("no file is derived from an undotted or degenerate classname", arguments: ["", "Plain", ".X", "a."])
    func noFile(_ classname: String) {
        #expect(PyTorchFileRule.derive(classname: classname) == nil)
    }

    @Test("torch-spyre shape: dotted classname, no file, tag and result.retried properties")
    func torchSpyreShape() throws {
        let p = try parse(
            """
            <testsuites><testsuite name="pytest"><testcase classname="test.test_binary_ufuncs.TestBinaryUfuncsPRIVATEUSE1" name="test_add_spyre_float16" time="0.010">
            <properties><property name="tag" value="core"/><property name="result.retried" value="signal,stall"/></properties>
            </testcase></testsuite></testsuites>
            """)
        let t = try #require(p.tests.first)
        #expect(t.file == "test_binary_ufuncs.py")
        #expect(t.fileDerived)
        #expect(t.classname == "test.test_binary_ufuncs.TestBinaryUfuncsPRIVATEUSE1")
        #expect(
            t.properties == [.init(name: "tag", value: "core"), .init(name: "result.retried", value: "signal,stall")])
    }

    @Test("a written file is kept as is")
    func writtenFile() throws {
        let t = try #require(
            try parse(#"<testsuite><testcase classname="a.b.C" name="t" file="a/b.py" line="41"/></testsuite>"#).tests
                .first)
        #expect(t.file == "a/b.py")
        #expect(!t.fileDerived)
        #expect(t.line == 41)
    }

    @Test(
        "time values",
        arguments: [
            ("1.5", 1.5), ("2,503.1", 2503.1), ("1,234.56", 1234.56), ("1.7e-05", 1.7e-05), ("0.", 0.0), ("54", 54.0),
            ("", nil), ("time", nil), ("-345345", nil), (" 0.25 ", 0.25), ("nan", nil), ("inf", nil),
        ] as [(String, Double?)])
    func times(_ raw: String, _ expected: Double?) throws {
        let t = try #require(try parse("<testsuite><testcase name=\"t\" time=\"\(raw)\"/></testsuite>").tests.first)
        #expect(t.duration == expected)
    }

    @Test("a missing time is unknown, not zero")
    func missingTime() throws {
        #expect(try parse("<testsuite><testcase name=\"t\"/></testsuite>").tests.first?.duration == nil)
    }

    @Test("suite data: name, hostname, timestamp, properties, declared totals, problems, output")
    func suiteData() throws {
        let p = try parse(
            """
            <testsuites><properties><property name="run" value="1"/></properties>
            <testsuite name="pytest" hostname="aiu-node-3" timestamp="2026-11-29T10:00:00+00:00" tests="9" failures="1" errors="0" skipped="2" time="2,000.5">
            <properties><property name="suite_key">text value</property></properties>
            <error message="class failed to load">trace</error>
            <testcase name="t"/>
            <system-out>suite output</system-out>
            </testsuite></testsuites>
            """)
        let s = try #require(p.suites.first)
        #expect(s.name == "pytest")
        #expect(s.hostname == "aiu-node-3")
        #expect(s.timestamp == "2026-11-29T10:00:00+00:00")
        #expect(s.properties == [.init(name: "suite_key", value: "text value")])
        #expect(
            s.declared.tests == 9 && s.declared.failures == 1 && s.declared.skipped == 2 && s.declared.time == 2000.5)
        #expect(s.tests == 1)
        #expect(s.problems.first?.outcome == .error)
        #expect(s.problems.first?.detail.text?.value == "trace")
        #expect(s.systemOut?.value == "suite output")
        #expect(p.info.properties == [.init(name: "run", value: "1")])
        #expect(p.info.counts.suiteProblems == 1)
    }

    @Test("text fields are capped at the configured size with the original length kept")
    func textCap() throws {
        var options = ParserOptions()
        options.maxTextBytes = 10
        let long = String(repeating: "é", count: 100)  // 200 bytes
        let p = try parse(
            "<testsuite><testcase name=\"t\"><failure message=\"m\">\(long)</failure><system-out>\(long)</system-out></testcase></testsuite>",
            options: options)
        let t = try #require(p.tests.first)
        let text = try #require(t.detail.text)
        #expect(text.isTruncated)
        #expect(text.originalLength == 200)
        #expect(text.value == String(repeating: "é", count: 5))
        #expect(t.systemOut?.originalLength == 200)
    }

    @Test("entities and character references in names and messages are decoded")
    func entities() throws {
        let t = try #require(
            try parse(
                #"<testsuite><testcase classname="c" name="p[&lt;&amp;&gt;&quot;']"><failure message="a&#10;b &#x263A;"/></testcase></testsuite>"#
            ).tests.first)
        #expect(t.name == "p[<&>\"']")
        #expect(t.detail.message == "a\nb ☺")
    }

    @Test("CDATA output, several system-out elements, and pytest's #xNN text are kept as written")
    func output() throws {
        let t = try #require(
            try parse(
                "<testsuite><testcase name=\"t\"><system-out><![CDATA[<b>one</b>]]></system-out><system-out>#x1B[31m two</system-out></testcase></testsuite>"
            ).tests.first)
        #expect(t.systemOut?.value == "<b>one</b>#x1B[31m two")
    }
}
