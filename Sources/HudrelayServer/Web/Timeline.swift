import HudrelayStore

/// A test's runs as an inline SVG strip, oldest on the left: one mark per run, its shape and
/// colour by outcome (a square passed, a cross failed, a circle flaky, a dash skipped).
enum Timeline {
    /// The strip of `runs` (newest first, as the history comes).
    static func svg(_ runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "<p>No runs yet.</p>" }
        let ordered = Array(runs.reversed())
        let step = 10
        let width = max(200, ordered.count * step + 20)
        var marks = ""
        for (i, r) in ordered.enumerated() {
            let x = 10 + i * step
            let title = "<title>\(r.at) \(r.outcome) \(r.node) \(r.sha.prefix(10))</title>"
            if !r.evidence.isEmpty {
                marks += "<circle cx=\"\(x + 4)\" cy=\"20\" r=\"4\" fill=\"#8a5300\">\(title)</circle>"
            } else if r.outcome == "failed" {
                marks +=
                    "<path d=\"M\(x) 16 l8 8 M\(x + 8) 16 l-8 8\" stroke=\"#b3261e\" stroke-width=\"2\">\(title)</path>"
            } else if r.outcome == "skipped" {
                marks += "<rect x=\"\(x)\" y=\"19\" width=\"8\" height=\"2\" fill=\"#57606a\">\(title)</rect>"
            } else {
                marks += "<rect x=\"\(x)\" y=\"16\" width=\"8\" height=\"8\" fill=\"#116329\">\(title)</rect>"
            }
        }
        return """
            <figure><svg viewBox="0 0 \(width) 40" width="100%" style="max-width:\(width)px" role="img" \
            aria-label="\(runs.count) runs, oldest left">\(marks)</svg>\
            <figcaption>Runs, oldest left: ■ passed, ✕ failed, ● flaky, – skipped.</figcaption></figure>
            """
    }
}
