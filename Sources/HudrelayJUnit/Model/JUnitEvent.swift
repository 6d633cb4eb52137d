/// What the parser hands to its caller while it reads a report.
public enum JUnitEvent: Sendable {
    /// A test, with all its attempts merged.
    case test(TestRecord)
    /// A suite that has closed, after its tests.
    case suite(SuiteInfo)
}
