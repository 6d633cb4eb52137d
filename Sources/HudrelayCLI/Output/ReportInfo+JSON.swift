import HudrelayJUnit
import HudrelayStore

extension ReportInfo {
    /// The report's counts as one JSON object: the line `hudrelay parse --format json` prints.
    func jsonLine(file: String) -> String {
        var w = JSONWriter()
        w.add("file", file)
        w.add("tests", counts.tests)
        w.add("passed", counts.passed)
        w.add("failed", counts.failed)
        w.add("errors", counts.errors)
        w.add("skipped", counts.skipped)
        w.add("xfailed", counts.xfailed)
        w.add("xpassed", counts.xpassed)
        w.add("flaky", counts.flaky)
        w.add("reruns", counts.reruns)
        w.add("suites", counts.suites)
        w.add("suite_problems", counts.suiteProblems)
        w.add("root", rootElement)
        w.add("encoding", encoding)
        var e = JSONWriter()
        e.add("testcases", elements.testcases)
        e.add("failures", elements.failures)
        e.add("errors", elements.errors)
        e.add("skipped", elements.skipped)
        e.add("rerun_elements", elements.rerunElements)
        e.add("teardown_merges", elements.teardownMerges)
        w.addRaw("elements", e.finish())
        return w.finish()
    }
}

extension JUnitParseError {
    /// The error as one JSON object, printed in place of a report's counts or as the last line of
    /// its tests, so that a script never takes a partial parse for a whole one.
    func jsonLine(file: String) -> String {
        var w = JSONWriter()
        w.add("file", file)
        w.add("error", message)
        w.add("kind", kind.rawValue)
        w.add("line", line)
        w.add("column", column)
        w.add("complete", false)
        return w.finish()
    }
}
