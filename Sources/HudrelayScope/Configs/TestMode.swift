/// How a test config treats a test's variants (torch-spyre's `mode`, `unlisted_test_mode`).
public enum TestMode: String, Sendable, Hashable, CaseIterable {
    /// Must pass: collected and run in CI. The only mode coverage counts as enabled.
    case mandatorySuccess = "mandatory_success"
    /// Expected to fail: marked xfail and deselected in CI (`-m "not xfail"`).
    case xfail
    /// Expected to fail, and a pass fails the suite; deselected in CI like `xfail`.
    case xfailStrict = "xfail_strict"
    /// Deleted before collection: never in a report.
    case skip

    /// Which mode wins when several entries name one generic test: entries are a union of
    /// variants, so a test with any must-pass variant is enabled, then any expected-failure one.
    var rank: Int {
        switch self {
        case .mandatorySuccess: 3
        case .xfailStrict: 2
        case .xfail: 1
        case .skip: 0
        }
    }

    /// Whether the mode is one of the two expected-failure modes.
    public var isXfail: Bool { self == .xfail || self == .xfailStrict }

    /// The stronger of two modes (``rank``).
    static func strongest(_ a: TestMode?, _ b: TestMode) -> TestMode {
        guard let a else { return b }
        return a.rank >= b.rank ? a : b
    }
}
