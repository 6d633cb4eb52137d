import HudrelayJUnit
import HudrelayStore

extension TestRecord {
    /// The test as one JSON object: the line `hudrelay parse --format jsonl` prints.
    func jsonLine(report: String, paths: TestPathRules = TestPathRules()) -> String {
        var w = JSONWriter()
        w.add("report", report)
        w.add("suite", suiteIndex)
        w.add("file", file)
        w.add("file_derived", fileDerived)
        w.add("classname", classname)
        w.add("name", name)
        w.add("line", line)
        w.add("duration", duration)
        w.add("outcome", outcome.rawValue)
        w.add("flaky", isFlaky)
        w.add("reruns", reruns)
        w.add("entries", entries)
        w.add("type", detail.type)
        w.add("message", detail.message)
        w.add("text", detail.text?.value)
        w.add("text_length", detail.text?.originalLength)
        if let secondary = secondaryDetail { w.addRaw("secondary", secondary.json()) }
        w.addRaw("attempts", JSONWriter.array(attempts.map { $0.json() }))
        w.add("system_out", systemOut?.value)
        w.add("system_err", systemErr?.value)
        if let out = systemOut, out.isTruncated { w.add("system_out_length", out.originalLength) }
        if let err = systemErr, err.isTruncated { w.add("system_err_length", err.originalLength) }
        w.addRaw("properties", JSONWriter.array(properties.map { $0.json() }))
        let generic = genericTest(rules: paths)
        w.add("path", generic.file)
        w.add("generic_id", generic.id)
        let retried = self.retried
        w.addRaw("retried", JSONWriter.array(retried.map { JSONWriter.quoted($0) }))
        w.add("not_rerun", notRerun)
        let tags = self.tags
        var t = JSONWriter()
        for namespace in tags.namespaces {
            t.addRaw(namespace, JSONWriter.array(tags[namespace].map { JSONWriter.quoted($0) }))
        }
        w.addRaw("tags", t.finish())
        return w.finish()
    }
}

extension TestAttempt {
    func json() -> String {
        var w = JSONWriter()
        w.add("outcome", outcome.rawValue)
        w.add("source", source.rawValue)
        w.add("duration", duration)
        w.add("type", detail.type)
        w.add("message", detail.message)
        w.add("text", detail.text?.value)
        return w.finish()
    }
}

extension ResultDetail {
    func json() -> String {
        var w = JSONWriter()
        w.add("type", type)
        w.add("message", message)
        w.add("text", text?.value)
        return w.finish()
    }
}

extension JUnitProperty {
    func json() -> String {
        var w = JSONWriter()
        w.add("name", name)
        w.add("value", value)
        return w.finish()
    }
}
