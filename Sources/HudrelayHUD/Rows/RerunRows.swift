/// PyTorch rows written as PyTorch's rerun-aware plugin (`LogXMLReruns`) would have written them,
/// whatever wrote the report: one row per test, each failed attempt before the final outcome a
/// `rerun` entry (`message`, `text`), so HUD's flaky queries (a `rerun` and no `failure`) see
/// pytest-rerunfailures' repeated entries and Surefire's `rerunFailure`/`flakyFailure` too.
///
/// Attempts are merged by the parser's rules (docs/junit.md): repeated entries with the same
/// classname, name and file in one suite are attempts, the last one final; a `<failure>` entry
/// followed by an `<error>` entry is one run (pytest's teardown error); an earlier skipped entry is
/// not an attempt. Unlike the parser, entries merge across the whole suite, not a window.
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

    /// One node per test, its attempts merged (the rows before PyTorch's rules).
    static func nodes(report: [UInt8]) throws -> [XMLNode] {
        let nodes = try TestcaseReader.read(report)
        var groups: [[XMLNode]] = []
        var index: [String: Int] = [:]
        var previous: XMLNode?
        for node in nodes {
            let key = [
                String(node.suite), node.attribute("classname") ?? "", node.attribute("name") ?? "",
                node.attribute("file") ?? "",
            ].joined(separator: "\u{1}")
            // A repeat joins its test when it follows it directly, or when the test's last entry
            // failed (a failed test stays open for a later retry; a passed one is final).
            if let i = index[key], let last = groups[i].last,
                last === previous || has(last, "failure") || has(last, "error")
            {
                groups[i].append(node)
            } else {
                index[key] = groups.count
                groups.append([node])
            }
            previous = node
        }
        return groups.map(merged)
    }

    /// The final entry of a test, with its earlier failed attempts as `<rerun>` children placed
    /// after `<properties>` and before everything else.
    static func merged(_ entries: [XMLNode]) -> XMLNode {
        // A teardown error entry right after a failure entry is the same run.
        var runs: [XMLNode] = []
        for entry in entries {
            if let last = runs.last, has(last, "failure"), has(entry, "error"), !has(entry, "failure") {
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
