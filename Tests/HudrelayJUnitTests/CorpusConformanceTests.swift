import Foundation
import HudrelayJUnit
import Testing

/// One input row of the reference corpus's `manifest.tsv` (copied into the fixtures).
struct ManifestRow: CustomTestStringConvertible, Sendable {
    var path: String
    var parses: Bool
    var root: String
    var testsuites: Int
    var testcases: Int
    var failures: Int
    var errors: Int
    var skipped: Int
    var rerunElements: Int
    var duplicateIDs: Int
    var flags: String

    var testDescription: String { path }

    static func load() throws -> [ManifestRow] {
        let text = try String(contentsOf: Fixtures.url("corpus/manifest.tsv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines.removeFirst()
        func col(_ row: [String], _ name: String) -> String { row[header.firstIndex(of: name)!] }
        return lines.map { r in
            let reruns = col(r, "rerun_elems").split(separator: ",").compactMap {
                Int($0.split(separator: "=").last ?? "")
            }.reduce(0, +)
            return ManifestRow(
                path: col(r, "path"), parses: col(r, "parse") == "ok", root: col(r, "root"),
                testsuites: Int(col(r, "n_testsuites")) ?? 0, testcases: Int(col(r, "n_testcases")) ?? 0,
                failures: Int(col(r, "failures")) ?? 0, errors: Int(col(r, "errors")) ?? 0,
                skipped: Int(col(r, "skipped")) ?? 0, rerunElements: reruns,
                duplicateIDs: Int(col(r, "dup_case_ids")) ?? 0, flags: col(r, "flags"))
        }
    }
}

@Suite("Conformance with the reference corpus", .timeLimit(.minutes(10)))
struct CorpusConformanceTests {
    static let rows: [ManifestRow] = (try? ManifestRow.load()) ?? []
    static let jUnitRoots: Set<String> = ["testsuites", "testsuite", "testrun", "testcase"]

    @Test("the manifest is there and complete")
    func manifestLoads() {
        #expect(Self.rows.count == 301)
    }

    /// Every file lxml parses strictly gives the manifest's element counts, and its merged counts
    /// reconcile with them: each `<testcase>` element is one test or one attempt of a test.
    /// Two kinds of file are refused on purpose, and the test says why.
    @Test("files that parse agree with the manifest", arguments: rows.filter(\.parses))
    func agrees(_ row: ManifestRow) throws {
        let path = "corpus/" + row.path
        if row.flags.contains("entity-decl") {
            // XXE probes (NUnit-sec1752-*.xml): entity declarations are refused, never expanded.
            let error = try #require(throws: JUnitParseError.self) { try parseFixture(path) }
            #expect(error.kind == .forbiddenEntity, "\(error)")
            return
        }
        if !Self.jUnitRoots.contains(row.root) {
            // NUnit <test-run>/<test-suite>, xUnit.net <assemblies>, failsafe <failsafe-summary>,
            // Jenkins' internal <result>, EnricoMi's <suites>: XML, but not JUnit.
            let error = try #require(throws: JUnitParseError.self) { try parseFixture(path) }
            #expect(error.kind == .notJUnit, "\(error)")
            return
        }
        let parsed = try parseFixture(path)
        let e = parsed.info.elements
        #expect(e.testcases == row.testcases)
        #expect(e.failures == row.failures)
        #expect(e.errors == row.errors)
        #expect(e.skipped == row.skipped)
        #expect(e.rerunElements == row.rerunElements)
        #expect(parsed.info.counts.suites == row.testsuites)
        // Every entry is one test or one attempt of one.
        #expect(parsed.tests.reduce(0) { $0 + $1.entries } == row.testcases)
        let c = parsed.info.counts
        #expect(c.passed + c.failed + c.errors + c.skipped + c.xfailed + c.xpassed == c.tests)
        #expect(c.tests == parsed.tests.count)
        if row.duplicateIDs == 0 {
            // No repeated identity: nothing may be merged.
            #expect(c.tests == row.testcases)
            #expect(e.teardownMerges == 0)
        }
        if row.rerunElements == 0 && row.duplicateIDs == 0 {
            #expect(c.reruns == 0)
            #expect(c.flaky == 0)
        }
        #expect(parsed.info.counts.reruns >= row.rerunElements)
    }

    @Test("files that do not parse give an error with a position", arguments: rows.filter { !$0.parses })
    func rejects(_ row: ManifestRow) throws {
        let error = try #require(throws: JUnitParseError.self) { try parseFixture("corpus/" + row.path) }
        #expect(error.line >= 1, "\(error)")
        #expect(!error.message.isEmpty)
    }
}
