import HudrelayStore

extension FlakySummary {
    /// The summary as the JSON object `GET /api/v1/flaky/summary` returns.
    public var json: String {
        var w = JSONWriter()
        w.add("from", filter.from)
        w.add("to", filter.to)
        w.add("target", criteria.target)
        w.add("min_flaky_runs", criteria.minFlakyRuns)
        freshness.write(into: &w)
        w.addRaw("overall", Self.share(overall, key: "slice", target: criteria.target))
        w.addRaw("stages", JSONWriter.array(byStage.map { Self.share($0, key: "stage", target: criteria.target) }))
        w.addRaw(
            "card_types", JSONWriter.array(byCardType.map { Self.share($0, key: "card_type", target: criteria.target) })
        )
        w.addRaw("nodes", JSONWriter.array(byNode.map { Self.share($0, key: "node", target: criteria.target) }))
        w.addRaw("files", JSONWriter.array(byFile.map { Self.share($0, key: "file", target: criteria.target) }))
        w.addRaw("trend", JSONWriter.array(trend.map { Self.share($0, key: "day", target: criteria.target) }))
        w.addRaw("node_runs", FlakyTest.slices(nodeRuns, key: "node"))
        w.addRaw(
            "infra_incidents",
            JSONWriter.array(
                incidents.map { i in
                    var o = JSONWriter()
                    o.add("job_id", Int(i.jobID))
                    o.add("job", i.jobName)
                    o.add("sha", i.sha)
                    o.add("node", i.node)
                    o.add("executed_tests", i.executed)
                    o.add("failed_tests", i.failed)
                    o.add("day", i.day)
                    return o.finish()
                }))
        return w.finish()
    }

    static func share(_ s: SliceShare, key: String, target: Double) -> String {
        var w = JSONWriter()
        w.add(key, s.value)
        w.add("executed_tests", s.executedTests)
        w.add("flaky_tests", s.flakyTests)
        w.add("failing_tests", s.failingTests)
        w.add("share", FlakyTest.rounded(s.share))
        w.add("over_target", s.share >= target)
        return w.finish()
    }
}
