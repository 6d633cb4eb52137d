import HudrelayJUnit

/// Test configs, a population and exclusions resolved into one row per generic test
/// (docs/coverage.md, "Scope").
///
/// The population is PyTorch's collected tests. A config file none of whose tests the population
/// holds (the backend's own tests, or any file when no population is given) adds the tests its
/// entries name one by one; its expression entries cannot be listed and are counted in
/// ``unlistedPatterns``. An entry naming a test of a collected file that the population lacks is
/// counted in ``entriesNotCollected``.
public struct ResolvedScope: Sendable {
    /// Every generic test, each once.
    public var tests: [ScopeTest]
    /// The config files' entries (`files:` items) read.
    public var configFiles: Int
    /// The config files' paths and labels, for the record.
    public var files: [(path: String, labels: [String], source: String)]
    /// Named entries whose file was collected but which the population does not hold.
    public var entriesNotCollected: Int
    /// Expression or glob entries of files the population does not hold.
    public var unlistedPatterns: Int
    /// Whether a population was given.
    public var populationGiven: Bool

    /// Resolves `configs` against `population` (none: the configs' named tests) and `exclusions`.
    public init(configs: [ConfigFile], population: Population?, exclusions: ExclusionList) {
        var byPath: [String: [ConfigFile]] = [:]
        var patterned: [ConfigFile] = []
        for c in configs {
            if c.isPattern { patterned.append(c) } else { byPath[c.path, default: []].append(c) }
        }
        func configsOf(_ file: String) -> [ConfigFile] {
            (byPath[file] ?? []) + patterned.filter { $0.covers(file: file) }
        }
        var rows: [ScopeTest] = []
        var exclusionsOf: [String: ExclusionList.FileExclusions] = [:]
        var configsByFile: [String: [ConfigFile]] = [:]
        var seen = Set<String>()
        var collectedFiles = Set<String>()
        func add(_ test: GenericTestID) {
            let id = test.id
            guard seen.insert(id).inserted else { return }
            let file = test.file ?? ""
            if configsByFile[file] == nil { configsByFile[file] = configsOf(file) }
            let mine = configsByFile[file]!
            var mode: TestMode?
            for c in mine { mode = TestMode.strongest(mode, c.mode(of: test)) }
            if exclusionsOf[file] == nil { exclusionsOf[file] = exclusions.forFile(file) }
            let rule = exclusionsOf[file]!.rule(for: test)
            rows.append(
                ScopeTest(
                    genericID: id, file: file, origin: mine.first?.origin ?? "pytorch", mode: mode,
                    excluded: rule.map { $0.reason.isEmpty ? $0.pattern : "\($0.pattern) # \($0.reason)" }))
        }
        var collectedMethods = Set<String>()
        for test in population?.tests ?? [] {
            collectedFiles.insert(test.file ?? "")
            collectedMethods.insert("\(test.file ?? "")::\(test.method)")
            add(test)
        }
        var notCollected = 0
        var unlisted = 0
        for c in configs {
            let collected = c.isPattern ? false : collectedFiles.contains(c.path)
            for entry in c.entries {
                for name in entry.names {
                    guard name.isLiteral, !c.isPattern else {
                        if !collected { unlisted += 1 }
                        continue
                    }
                    let test = GenericTestID(
                        path: c.path, classname: name.literalClass, name: name.literalMethod)
                    if collected {
                        let bare = name.literalClass.isEmpty
                        let found =
                            bare ? collectedMethods.contains("\(c.path)::\(test.method)") : seen.contains(test.id)
                        if !found { notCollected += 1 }
                    } else {
                        add(test)
                    }
                }
            }
        }
        tests = rows
        configFiles = configs.count
        files = configs.map { ($0.path, $0.labels, $0.source) }
        entriesNotCollected = notCollected
        unlistedPatterns = unlisted
        populationGiven = population != nil
    }
}
