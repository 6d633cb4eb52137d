/// The outcome of one test, or of one attempt of it.
///
/// Within one `<testcase>` the outcome follows PyTorch's precedence: a `<failure>` makes it
/// ``failed``, else an `<error>` makes it ``error``, else a `<skipped>` makes it ``skipped``
/// (``xfailed`` when `type="pytest.xfail"`, ``xpassed`` for an xfail-marked test that passed),
/// else ``passed``.
public enum TestOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// The test ran and passed.
    case passed
    /// The test ran and an assertion failed (`<failure>`).
    case failed
    /// The test could not run or crashed outside its assertions (`<error>`).
    case error
    /// The test did not run (`<skipped>`).
    case skipped
    /// The test is expected to fail and did (`<skipped type="pytest.xfail">`).
    case xfailed
    /// The test is expected to fail but passed (non-strict xpass that the writer marked).
    case xpassed

    /// Whether the outcome is a failed run: ``failed`` or ``error``.
    public var isFailure: Bool { self == .failed || self == .error }

    /// Whether the test was executed: anything but ``skipped``.
    public var isExecuted: Bool { self != .skipped }
}
