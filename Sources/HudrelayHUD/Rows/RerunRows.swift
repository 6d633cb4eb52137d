import HudrelayJUnit

/// PyTorch rows written as PyTorch's rerun-aware plugin (`LogXMLReruns`) would have written them,
/// whatever wrote the report: one row per test, each failed attempt before the final outcome a
/// `rerun` entry (`message`, `text`), so HUD's flaky queries (a `rerun` and no `failure`) see
/// pytest-rerunfailures' repeated entries and Surefire's `rerunFailure`/`flakyFailure` too.
///
/// Attempts are merged by the parser itself (docs/junit.md): repeated entries with the same
/// classname, name and file in one suite are attempts, the last one final; a `<failure>` entry
/// followed by an `<error>` entry is one run (pytest's teardown error). An earlier skipped entry
/// is not written as a rerun.
public enum RerunRows {
    static let rerunTags: Set<String> = ["rerun", "rerunFailure", "rerunError", "flakyFailure", "flakyError"]

    /// The rerun-aware case rows of one report.
    public static func cases(report: [UInt8], origin: PyTorchRows.Origin) throws -> [PyDict] {
        try nodes(report: report).map { node in
            var row = node.pyDict
            PyTorchRows.sanitize(&row)
            row["workflow_id"] = .int(origin.workflowID)
            row["workflow_run_attempt"] = .int(origin.workflowRunAttempt)
            row["job_id"] = origin.jobID.map { .int($0) } ?? .null
            row["invoking_file"] = .string(origin.invokingFile)
            return row
        }
    }

    /// One node per test, its attempts merged (the rows before PyTorch's rules), in the order the
    /// tests first appear.
    ///
    /// Which entries are one test, and which of them is a teardown error of the run before it,
    /// is the parser's decision (`TestRecord.firstEntry`, `laterEntries`, `teardownEntries`):
    /// the rows and hudrelay's own results merge by the same rule.
    static func nodes(report: [UInt8]) throws -> [XMLNode] {
        let nodes = try TestcaseReader.read(report)
        var groups: [(first: Int, later: [Int], teardown: Set<Int>)] = []
        _ = try JUnitParser().parse(bytes: report) { event in
            guard case .test(let test) = event else { return }
            groups.append((test.firstEntry, test.laterEntries, Set(test.teardownEntries)))
        }
        var covered = Set<Int>()
        for group in groups {
            covered.insert(group.first)
            covered.formUnion(group.later)
        }
        // Every entry is in one group; should the readers ever count entries differently, an entry
        // the parser did not place is a test of its own rather than lost.
        for ordinal in nodes.indices where !covered.contains(ordinal) { groups.append((ordinal, [], [])) }
        return groups.filter { $0.first < nodes.count }.sorted { $0.first < $1.first }.map { group in
            let entries = [group.first] + group.later.filter { $0 < nodes.count }
            return merged(entries.map { (nodes[$0], group.teardown.contains($0)) })
        }
    }

    /// The final entry of a test, with its earlier failed attempts as `<rerun>` children placed
    /// after `<properties>` and before everything else. An entry marked `teardown` is the same run
    /// as the one before it: its children join that run.
    static func merged(_ entries: [(node: XMLNode, teardown: Bool)]) -> XMLNode {
        var runs: [XMLNode] = []
        for (entry, teardown) in entries {
            if teardown, let last = runs.last {
                last.children.append(contentsOf: entry.children)
            } else {
                runs.append(entry)
            }
        }
        let final = runs.removeLast()
        var reruns: [XMLNode] = []
        for attempt in runs where !has(attempt, "skipped") {
            reruns.append(rerun(from: attempt.children.first { $0.tag == "failure" || $0.tag == "error" }))
        }
        for child in final.children where rerunTags.contains(child.tag) { reruns.append(rerun(from: child)) }
        guard !reruns.isEmpty else { return final }
        let out = XMLNode(tag: final.tag, attributes: final.attributes)
        out.text = final.text
        out.tail = final.tail
        out.suite = final.suite
        let rest = final.children.filter { !rerunTags.contains($0.tag) }
        out.children = rest.filter { $0.tag == "properties" } + reruns + rest.filter { $0.tag != "properties" }
        return out
    }

    /// A `<rerun message=…>text</rerun>` from a failure-like element (an empty entry has none).
    static func rerun(from element: XMLNode?) -> XMLNode {
        var attributes: [(String, String)] = []
        if let message = element?.attribute("message") { attributes.append(("message", message)) }
        let node = XMLNode(tag: "rerun", attributes: attributes)
        if let element {
            let trace = element.children.first { $0.tag == "stackTrace" }?.text ?? ""
            node.text = XMLNode.isBlank(element.text) ? trace : element.text
        }
        return node
    }

    static func has(_ node: XMLNode, _ tag: String) -> Bool { node.children.contains { $0.tag == tag } }
}
