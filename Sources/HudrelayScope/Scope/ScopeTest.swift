/// One generic test of a resolved scope: where it is, what the configs make of it and whether it
/// counts.
public struct ScopeTest: Sendable, Hashable {
    /// `test/<file>.py::Class::method`.
    public var genericID: String
    /// Its file, normalized.
    public var file: String
    /// `pytorch` or `device` (the config's root; PyTorch's for a test no config names).
    public var origin: String
    /// The mode the configs give it; `nil` when no config has its file.
    public var mode: TestMode?
    /// Why it is out of scope (the exclusion's pattern and reason), `nil` when in scope.
    public var excluded: String?

    /// Whether it counts in the population P: not excluded.
    public var inScope: Bool { excluded == nil }
    /// Whether it is enabled: in scope and `mandatory_success`.
    public var enabled: Bool { inScope && mode == .mandatorySuccess }
}
