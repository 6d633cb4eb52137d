import HudrelayStore

/// The daily flaky share as an inline SVG line, with the target as a dashed line.
enum TrendChart {
    /// The chart of `days` (one slice per day, oldest first), or a note when there is no data.
    static func svg(_ days: [SliceShare], target: Double) -> String {
        guard !days.isEmpty else { return "<p>No runs in the window yet.</p>" }
        let (w, h, pad) = (600.0, 120.0, 24.0)
        let shares = days.map { $0.executedTests > 0 ? Double($0.flakyTests) / Double($0.executedTests) : 0 }
        let top = max(target * 2, shares.max() ?? 0, 0.01)
        func x(_ i: Int) -> Double {
            pad + (w - 2 * pad) * (days.count == 1 ? 0.5 : Double(i) / Double(days.count - 1))
        }
        func y(_ v: Double) -> Double { h - pad - (h - 2 * pad) * v / top }
        let points = shares.enumerated().map { i, s in "\(Int(x(i))),\(Int(y(s)))" }.joined(separator: " ")
        let ty = Int(y(target))
        let dots = shares.enumerated().map { i, s in
            let label = "\(days[i].value): \(WebPage.percent(s)) (\(days[i].flakyTests) of \(days[i].executedTests))"
            let (cx, cy) = (Int(x(i)), Int(y(s)))
            return "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3\" fill=\"#0969da\"><title>\(label)</title></circle>"
        }.joined()
        return """
            <figure><svg viewBox="0 0 \(Int(w)) \(Int(h))" width="100%" role="img" aria-label="Daily flaky share, \
            \(days.first!.value) to \(days.last!.value), against the target">
            <line x1="\(Int(pad))" y1="\(ty)" x2="\(Int(w - pad))" y2="\(ty)" stroke="#b3261e" stroke-dasharray="4 3"/>
            <text x="\(Int(w - pad))" y="\(ty - 3)" font-size="10" text-anchor="end" fill="#b3261e">target \
            \(WebPage.percent(target))</text>
            <polyline fill="none" stroke="#0969da" stroke-width="2" points="\(points)"/>\(dots)
            <text x="\(Int(pad))" y="\(Int(h - 6))" font-size="10">\(days.first!.value)</text>
            <text x="\(Int(w - pad))" y="\(Int(h - 6))" font-size="10" text-anchor="end">\(days.last!.value)</text>
            </svg><figcaption>Daily share of flaky tests (dashed: the target).</figcaption></figure>
            """
    }
}
