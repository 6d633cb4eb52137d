import HudrelayJUnit

/// The `summary` format of `hudrelay parse`: the counts, then the tests that need a look.
struct SummaryPrinter {
    /// The most failing and flaky tests listed per file.
    static let listLimit = 20

    let file: String
    private var failing: [String] = []
    private var flaky: [String] = []
    private var moreFailing = 0
    private var moreFlaky = 0

    init(file: String) { self.file = file }

    /// Remembers a test worth listing.
    mutating func note(_ test: TestRecord) {
        guard test.outcome.isFailure || test.isFlaky else { return }
        let id = test.classname.isEmpty ? test.name : "\(test.classname)::\(test.name)"
        if test.outcome.isFailure {
            if failing.count < Self.listLimit {
                failing.append("  \(test.outcome == .failed ? "FAILED" : "ERROR ") \(id)")
            } else {
                moreFailing += 1
            }
        } else if test.isFlaky {
            if flaky.count < Self.listLimit {
                flaky.append(
                    "  FLAKY  \(id) (passed after \(test.reruns) failed attempt\(test.reruns == 1 ? "" : "s"))")
            } else {
                moreFlaky += 1
            }
        }
    }

    /// Prints the summary.
    func print(_ info: ReportInfo, to out: OutputStream) {
        let c = info.counts
        out.line(
            "\(file): \(c.tests) tests: \(c.passed) passed, \(c.failed) failed, \(c.errors) errors, "
                + "\(c.skipped) skipped, \(c.xfailed) xfailed, \(c.xpassed) xpassed; "
                + "\(c.flaky) flaky, \(c.reruns) reruns; \(c.suites) suite\(c.suites == 1 ? "" : "s")")
        for line in failing { out.line(line) }
        if moreFailing > 0 { out.line("  … and \(moreFailing) more failing") }
        for line in flaky { out.line(line) }
        if moreFlaky > 0 { out.line("  … and \(moreFlaky) more flaky") }
    }
}
