import HudrelayJUnit

/// One `files:` entry of a test config: a test file (or a pattern of files), the mode of its tests
/// that no entry names, and its entries.
public struct ConfigFile {
    /// The config file it came from, as the caller named it.
    public var source: String
    /// The path in its normalized `test/...` form, possibly a glob or an expression.
    public var path: String
    /// `pytorch` (under `${TORCH_ROOT}`) or `device` (under `${TORCH_DEVICE_ROOT}`).
    public var origin: String
    /// The mode of tests the entries do not name (torch-spyre's default: `skip`).
    public var unlistedMode: TestMode
    /// The config's labels (tiers such as `trunk`).
    public var labels: [String]
    /// The entries, in order.
    public var entries: [ConfigEntry]
    private let pathPatterns: [Regex<AnyRegexOutput>]
    /// The strongest mode of the literal names, by `Class::method` (or the bare method).
    private let literalModes: [String: TestMode]
    /// The entries' expression and glob names with their modes.
    private let patternModes: [(EntryPattern, TestMode)]

    init(
        source: String, path: String, origin: String, unlistedMode: TestMode, labels: [String],
        entries: [ConfigEntry]
    ) {
        self.source = source
        self.path = path
        self.origin = origin
        self.unlistedMode = unlistedMode
        self.labels = labels
        self.entries = entries
        pathPatterns = Self.patterns(path)
        var literal: [String: TestMode] = [:]
        var patterns: [(EntryPattern, TestMode)] = []
        for entry in entries {
            for name in entry.names {
                if name.isLiteral {
                    let key =
                        name.literalClass.isEmpty ? name.literalMethod : "\(name.literalClass)::\(name.literalMethod)"
                    literal[key] = TestMode.strongest(literal[key], entry.mode)
                } else {
                    patterns.append((name, entry.mode))
                }
            }
        }
        literalModes = literal
        patternModes = patterns
    }

    /// Whether the path names more than one file (a glob or an expression).
    public var isPattern: Bool { !pathPatterns.isEmpty }

    /// Whether this entry is for `file` (a normalized path): the same path, or one the glob
    /// (`test/inductor/*.py`) or the expression (`test/.*py`) matches in full.
    func covers(file: String) -> Bool {
        file == path || pathPatterns.contains { (try? $0.wholeMatch(in: file)) != nil }
    }

    /// A path with `*`, `?` or `[` is a pattern: as a glob (`*` also crosses `/`, as
    /// Python's fnmatch) and as an expression, whichever compiles.
    static func patterns(_ path: String) -> [Regex<AnyRegexOutput>] {
        guard path.contains(where: { "*?[".contains($0) }) else { return [] }
        let glob = EntryPattern.globExpression(path)
        return [try? Regex(glob), try? Regex(path)].compactMap { $0 }
    }

    /// The mode this file gives `test`: the strongest of the entries naming it (``EntryPattern``:
    /// the class and the generic method, or the method with its op on; a bare method for any
    /// class), else ``unlistedMode``.
    func mode(of test: GenericTestID) -> TestMode {
        var mode: TestMode?
        for method in Set([test.method, test.stem]) {
            for key in [test.classname.isEmpty ? method : "\(test.classname)::\(method)", method] {
                if let m = literalModes[key] { mode = TestMode.strongest(mode, m) }
            }
        }
        for (pattern, m) in patternModes where pattern.matches(test) { mode = TestMode.strongest(mode, m) }
        return mode ?? unlistedMode
    }
}

/// One `tests:` entry: names and the mode of their variants.
public struct ConfigEntry {
    /// The names (`Class::method`, a bare method, an expression or a glob).
    public var names: [EntryPattern]
    /// Their mode (`mandatory_success` when the entry gives none).
    public var mode: TestMode
}
