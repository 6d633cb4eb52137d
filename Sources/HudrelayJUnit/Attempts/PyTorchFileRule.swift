/// PyTorch's rule for a test's file when the report has no `file` attribute.
///
/// `tools/stats/upload_test_stats.py` matches the classname against
/// `^(test\.)?(?P<file>.*)\.(?P<classname>[^\.]*)$`, turns the dots of `file` into `/` and adds
/// `.py`: `test.test_binary_ufuncs.TestBinaryUfuncsPRIVATEUSE1` → `test_binary_ufuncs.py`.
public enum PyTorchFileRule {
    /// The file and bare class derived from a dotted classname, or `nil` when the classname has no
    /// dot or the match would be degenerate (an empty file or class part).
    public static func derive(classname: String) -> (file: String, classname: String)? {
        var rest = Substring(classname)
        guard let lastDot = rest.lastIndex(of: ".") else { return nil }
        let cls = rest[rest.index(after: lastDot)...]
        rest = rest[..<lastDot]
        // The optional `test.` prefix is only stripped when something is left after it: the
        // regex's `.*` may be empty, but an empty file is degenerate.
        if rest.hasPrefix("test.") { rest = rest.dropFirst(5) }
        guard !rest.isEmpty, !cls.isEmpty else { return nil }
        return (rest.replacingOccurrences(of: ".", with: "/") + ".py", String(cls))
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
