import HudrelayStore

extension FlakyTest {
    /// The test as the JSON object `GET /api/v1/flaky` lists.
    public var json: String {
        let a = aggregate
        var w = JSONWriter()
        w.add("id", Int(a.testID))
        w.add("repo", a.repo)
        w.add("file", a.file)
        w.add("classname", a.classname)
        w.add("name", a.name)
        w.add("executed_runs", a.executed)
        w.add("flaky_runs", a.flaky)
        w.add("failed_runs", a.failed)
        w.add("rate", Self.rounded(rate))
        w.add("rate_low", Self.rounded(rateLow))
        w.add("rate_high", Self.rounded(rateHigh))
        w.add("flip_rate", flipRate.map(Self.rounded))
        var evidence = JSONWriter()
        evidence.add("retry", a.retry)
        evidence.add("file_rerun", a.fileRerun)
        evidence.add("same_commit", a.sameCommit)
        w.addRaw("evidence", evidence.finish())
        w.addRaw("nodes", Self.slices(nodes, key: "node"))
        w.addRaw("card_types", Self.slices(cardTypes, key: "card_type"))
        w.add("suspect_node", suspectNode)
        w.add("suspect_p", suspectP.map { ($0 * 1e6).rounded() / 1e6 })
        w.add("first_seen", a.firstFlaky)
        w.add("last_seen", a.lastFlaky)
        if let sample {
            var s = JSONWriter()
            s.add("message", sample.message)
            s.add("job_id", Int(sample.jobID))
            s.add("sha", sample.sha)
            s.add("node", sample.node)
            s.add("day", sample.day)
            w.addRaw("sample_failure", s.finish())
        } else {
            w.addRaw("sample_failure", "null")
        }
        return w.finish()
    }

    static func slices(_ slices: [SliceCount], key: String) -> String {
        JSONWriter.array(
            slices.map { s in
                var w = JSONWriter()
                w.add(key, s.value)
                w.add("runs", s.executed)
                w.add("flaky_runs", s.flaky)
                w.add("rate", rounded(Double(s.flaky) / Double(max(1, s.executed))))
                return w.finish()
            })
    }

    /// Four decimals: enough for a rate, stable in diffs.
    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
