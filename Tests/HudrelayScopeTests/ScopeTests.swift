import Foundation
import HudrelayJUnit
import HudrelayScope
import Testing

/// Stages files, test configs, populations and exclusions, read and resolved (docs/coverage.md).
@Suite("Stages and scopes")
struct ScopeTests {
    /// The real torch-spyre configs, copied into the repository (Tests/Fixtures/README.md).
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/torch-spyre-configs").standardizedFileURL

    static func readAll() throws -> [ConfigFile] {
        var out: [ConfigFile] = []
        let files = FileManager.default.enumerator(atPath: configs.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") }.sorted()
        for f in files {
            let text = try String(contentsOf: configs.appendingPathComponent(f), encoding: .utf8)
            out += try TestConfigReader().read(text, file: f)
        }
        return out
    }

    @Test("the seed's table is the default, and a stages file replaces it")
    func stages() throws {
        #expect(StageCatalog.seed.ids == [0, 1, 2, 3, 4])
        #expect(StageCatalog.seed.stage(3)?.cadence == .perDay(3))
        #expect(StageCatalog.seed.stage(4)?.target == 0.8)
        let catalog = try StageCatalog(
            yaml: """
                stages:
                  - {id: 0, cadence: on_pr, scope: device}
                  - id: 7
                    name: Soak
                    cards: 64
                    cadence: 4_per_day
                    target: 0.3
                """, file: "stages.yaml")
        #expect(catalog.ids == [0, 7])
        #expect(catalog.stage(7)?.cadence.expectedPerDay == 4)
        #expect(catalog.stage(7)?.name == "Soak")
        #expect(catalog.stage(0)?.target == nil)
    }

    @Test("a malformed stages file is one error with file, line and column")
    func badStages() {
        #expect(
            throws: ScopeError(
                code: "bad_stages", file: "s.yaml", line: 3, column: 13,
                "target must be a fraction from 0 to 1 (0.8 for 80%), or null")
        ) {
            try StageCatalog(yaml: "stages:\n  - id: 1\n    target: 80\n    cadence: nightly\n", file: "s.yaml")
        }
        #expect(throws: ScopeError.self) {
            try StageCatalog(yaml: "stages:\n  - id: 1\n    cadence: weekly\n", file: "s.yaml")
        }
        do {
            _ = try StageCatalog(yaml: "stages: [\n  {id: 1,\n", file: "s.yaml")
            Issue.record("no error")
        } catch let e as ScopeError {
            #expect(e.line >= 2 && e.column >= 1 && e.code == "bad_stages", "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test("the real configs: 52 files, their counts of named entries by mode")
    func realConfigs() throws {
        let files = try Self.readAll()
        var modes: [TestMode: Int] = [:]
        var names = 0
        for f in files {
            for e in f.entries {
                modes[e.mode, default: 0] += e.names.count
                names += e.names.count
            }
        }
        #expect(files.allSatisfy { $0.path.hasPrefix("test/") }, "\(files.map(\.path))")
        #expect(files.filter { $0.unlistedMode == .mandatorySuccess }.count == 1)
        #expect(names > 0 && modes[.mandatorySuccess, default: 0] > 0 && modes[.skip, default: 0] > 0)
    }

    @Test("modes: an entry's mode, the strongest of several, else the file's unlisted mode; globs and expressions")
    func modes() throws {
        let config = try TestConfigReader().read(
            """
            test_suite_config:
              labels: [trunk]
              files:
                - path: ${TORCH_ROOT}/test/test_x.py
                  unlisted_test_mode: xfail
                  tests:
                    - names: [TestX::test_a, TestX::test_b]
                    - names: [TestX::test_b]
                      mode: skip
                    - names: [TestX::test_rope_.*]
                      mode: xfail_strict
                    - names: ["*Mod*::test_forward"]
                      mode: mandatory_success
                    - names: [test_c]
                      mode: skip
            """, file: "c.yaml")
        let population = try Population(
            text: """
                test/test_x.py::TestXPRIVATEUSE1::test_a_privateuse1_float16
                test/test_x.py::TestXPRIVATEUSE1::test_a_privateuse1_float32
                test/test_x.py::TestX::test_b
                test/test_x.py::TestX::test_rope_fms_1
                test/test_x.py::TestModules::test_forward[param0]
                test/test_x.py::TestX::test_c
                test/test_x.py::TestX::test_d
                test/test_y.py::test_free
                test/test_cuda.py::TestCuda::test_e

                9 tests collected in 0.12s
                """, file: "p.txt")
        let exclusions = try ExclusionList(text: "test/test_cuda*.py  # CUDA-specific\n# a comment\n", file: "e.txt")
        let scope = ResolvedScope(configs: config, population: population, exclusions: exclusions)
        let mode = Dictionary(uniqueKeysWithValues: scope.tests.map { ($0.genericID, $0.mode) })
        #expect(scope.tests.count == 8)
        #expect(mode["test/test_x.py::TestX::test_a"] == .mandatorySuccess)
        #expect(mode["test/test_x.py::TestX::test_b"] == .mandatorySuccess)
        #expect(mode["test/test_x.py::TestX::test_rope_fms_1"] == .xfailStrict)
        #expect(mode["test/test_x.py::TestModules::test_forward"] == .mandatorySuccess)
        #expect(mode["test/test_x.py::TestX::test_c"] == .skip)
        #expect(mode["test/test_x.py::TestX::test_d"] == .xfail)
        #expect(mode["test/test_y.py::test_free"] == .some(nil))
        let cuda = scope.tests.first { $0.file == "test/test_cuda.py" }
        #expect(cuda?.excluded == "test/test_cuda*.py # CUDA-specific")
        #expect(scope.tests.filter(\.enabled).count == 3)
        #expect(scope.entriesNotCollected == 0)
    }

    @Test("bad population and exclusions files are refused with the line")
    func badInputs() {
        #expect(throws: ScopeError.self) { try Population(text: "hello\nworld\n", file: "p.txt") }
        do {
            _ = try ExclusionList(text: "test/a.py # ok\ntest/b.py test/c.py # two\n", file: "e.txt")
            Issue.record("no error")
        } catch let e as ScopeError {
            #expect(e.line == 2 && e.code == "bad_exclusions")
        } catch { Issue.record("\(error)") }
    }
}
