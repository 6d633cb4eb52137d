import HudrelayJUnit
import Testing

/// torch-spyre's reports as they are: whole-file retry marks, tags, generic ids and paths
/// (docs/junit.md rules 12-14).
@Suite("torch-spyre: retry marks, tags, generic ids, paths")
struct TorchSpyreTests {
    static func report(_ cases: String) -> String {
        "<testsuites><testsuite name=\"pytest\">\(cases)</testsuite></testsuites>"
    }

    static func testcase(_ name: String, _ properties: [(String, String)], body: String = "") -> String {
        let props = properties.map { "<property name=\"\($0.0)\" value=\"\($0.1)\"/>" }.joined()
        return """
            <testcase classname="test.test_binary_ufuncs.TestBinaryUfuncsPRIVATEUSE1" name="\(name)" time="0.5">\
            <properties>\(props)</properties>\(body)</testcase>
            """
    }

    @Test("a prior-report failure is a failed attempt first, and a pass after it is flaky")
    func priorFailure() throws {
        let p = try parse(
            Self.report(
                Self.testcase(
                    "test_sub_privateuse1_float16",
                    [
                        ("result.retried", "signal,stall"), ("result.prior_status", "failed"),
                        ("result.prior_message", "AssertionError: not close"),
                    ])
                    + Self.testcase(
                        "test_add_privateuse1_float16", [("result.retried", "pod"), ("result.prior_status", "error")],
                        body: "<failure message=\"again\"/>")
                    + Self.testcase("test_mul_privateuse1_float16", [("result.not_rerun", "signal")])
                    + Self.testcase("test_div_privateuse1_float16", [("result.prior_status", "passed")])))
        let sub = try #require(p.tests.first { $0.name == "test_sub_privateuse1_float16" })
        #expect(sub.outcome == .passed)
        #expect(sub.isFlaky)
        #expect(sub.reruns == 1)
        #expect(sub.attempts.map(\.source) == [.priorReport, .testcase])
        #expect(sub.attempts[0].detail.message == "AssertionError: not close")
        #expect(sub.retried == ["signal", "stall"])
        #expect(sub.notRerun == nil)
        let add = try #require(p.tests.first { $0.name == "test_add_privateuse1_float16" })
        #expect(add.outcome == .failed)
        #expect(!add.isFlaky)
        #expect(add.priorReportFailure?.outcome == .error)
        let mul = try #require(p.tests.first { $0.name == "test_mul_privateuse1_float16" })
        #expect(mul.notRerun == "signal")
        #expect(mul.reruns == 0)
        let div = try #require(p.tests.first { $0.name == "test_div_privateuse1_float16" })
        #expect(div.priorAttempts.isEmpty, "a prior status that is not a failure is no attempt")
        #expect(p.info.counts.flaky == 1)
        #expect(p.info.counts.reruns == 2)
    }

    @Test("result.reruns counts as reruns only where attempt elements say less")
    func rerunsProperty() throws {
        let p = try parse(
            Self.report(
                Self.testcase("test_a_privateuse1", [("result.reruns", "2")])
                    + Self.testcase(
                        "test_b_privateuse1", [("result.reruns", "1")],
                        body: "<rerun message=\"r1\"/><rerun message=\"r2\"/>")
                    + Self.testcase("test_c_privateuse1", [("result.reruns", "x")])))
        let a = try #require(p.tests.first { $0.name == "test_a_privateuse1" })
        #expect(a.reruns == 2)
        #expect(a.isFlaky)
        #expect(a.priorAttempts.map(\.source) == [.rerunsProperty, .rerunsProperty])
        let b = try #require(p.tests.first { $0.name == "test_b_privateuse1" })
        #expect(b.reruns == 2)
        #expect(b.priorAttempts.map(\.source) == [.rerun, .rerun])
        let c = try #require(p.tests.first { $0.name == "test_c_privateuse1" })
        #expect(c.reruns == 0)
    }

    @Test("tags by namespace; bare nightly is a cadence")
    func tags() {
        let tags = TestTags([
            .init(name: "tag", value: "platform__x86_64"), .init(name: "tag", value: "dtype__float16"),
            .init(name: "tag", value: "op__torch_mul"), .init(name: "tag", value: "nightly"),
            .init(name: "tag", value: "model_1"), .init(name: "tag", value: "dtype__float16"),
            .init(name: "other", value: "x__y"),
        ])
        #expect(tags.namespaces == ["platform", "dtype", "op", "cadence", "tag"])
        #expect(tags["dtype"] == ["float16"])
        #expect(tags["cadence"] == ["nightly"])
        #expect(tags["tag"] == ["model_1"])
        #expect(tags["x"].isEmpty)
    }

    @Test(
        "generic ids drop the device and dtype suffixes, and the op when a tag names it",
        arguments: [
            ("TestBinaryUfuncsPRIVATEUSE1", "test_add_privateuse1_float16", [String](), "TestBinaryUfuncs", "test_add"),
            ("TestBinaryUfuncsPRIVATEUSE1", "test_device_only_privateuse1", [], "TestBinaryUfuncs", "test_device_only"),
            ("TestFooSPYRE", "test_cast_spyre_float32_int64", [], "TestFoo", "test_cast"),
            (
                "TestCommonPRIVATEUSE1", "test_compare_cpu_mul_privateuse1_float16", ["torch_mul"], "TestCommon",
                "test_compare_cpu"
            ),
            (
                "TestCommonPRIVATEUSE1", "test_out_nn_functional_conv2d_no_bias_privateuse1_float32",
                ["torch.nn.functional.conv2d"], "TestCommon", "test_out"
            ),
            ("TestPlain", "test_cast_float32", [], "TestPlain", "test_cast_float32"),
            ("PRIVATEUSE1", "test_x", [], "PRIVATEUSE1", "test_x"),
        ])
    func generic(_ cls: String, _ name: String, _ ops: [String], _ genericClass: String, _ method: String) {
        let g = GenericTestID(path: "test/test_x.py", classname: "test.test_x." + cls, name: name, ops: ops)
        #expect(g.classname == genericClass)
        #expect(g.method == method)
        #expect(g.id == "test/test_x.py::\(genericClass)::\(method)")
    }

    @Test("config entries match the generic test: Class::method, a bare method, a full regex")
    func configEntries() {
        let g = GenericTestID(
            path: "test/test_ops.py", classname: "TestOpsPRIVATEUSE1", name: "test_rope_fms_small_privateuse1_float16")
        #expect(g.matches("TestOps::test_rope_fms_small"))
        #expect(g.matches("test_rope_fms_small"))
        #expect(g.matches("TestOps::test_rope_fms_.*"))
        #expect(!g.matches("TestOps::test_rope"))
        #expect(!g.matches("TestOther::test_rope_fms_small"))
        #expect(!g.matches("test_rope_fms_[0-9]+"))
        // Without an op tag, an OpInfo test still matches its test's entry through the stem.
        let op = GenericTestID(
            path: nil, classname: "TestCommonPRIVATEUSE1", name: "test_compare_cpu_add_privateuse1_float16")
        #expect(op.matches("TestCommon::test_compare_cpu_.*"))
    }

    @Test(
        "paths become the test/... form",
        arguments: [
            ("${TORCH_ROOT}/test/test_binary_ufuncs.py", "test/test_binary_ufuncs.py"),
            ("/home/runner/_work/pytorch/pytorch/test/inductor/test_x.py", "test/inductor/test_x.py"),
            ("../../venv/lib/python3.12/site-packages/torch_spyre/tests/test_ops.py", "tests/test_ops.py"),
            ("../../venv/lib/python3.12/site-packages/pkg/mod.py", "pkg/mod.py"),
            ("./test/./sub/../test_a.py", "test/test_a.py"),
            ("test\\test_win.py", "test/test_win.py"),
            ("src/test/java/Foo.java", "src/test/java/Foo.java"),
            ("/abs/elsewhere/mod.py", "/abs/elsewhere/mod.py"),
        ])
    func paths(_ raw: String, _ normalized: String) {
        #expect(TestPathRules().normalize(raw) == normalized)
    }

    @Test("a derived file keeps its whole module path in the generic id; prefixes are configurable")
    func derivedPath() throws {
        let p = try parse(Self.report(Self.testcase("test_add_privateuse1_float16", [("tag", "op__torch_add")])))
        let t = try #require(p.tests.first)
        #expect(t.file == "test_binary_ufuncs.py")
        #expect(t.genericTest(rules: TestPathRules()).id == "test/test_binary_ufuncs.py::TestBinaryUfuncs::test_add")
        let rules = TestPathRules(prefixes: ["/ci/checkout/"])
        #expect(rules.normalize("/ci/checkout/tests/test_x.py") == "tests/test_x.py")
        #expect(rules.normalize("/ci/checkout/lib/x.py") == "lib/x.py")
    }
}
