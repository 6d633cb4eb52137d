import Foundation
import Hummingbird
import Mustache

/// Server-rendered pages: one layout around each page's template, rendered with swift-mustache
/// from plain dictionaries. Status is always a symbol and a word, never colour alone.
struct WebPage: Sendable {
    let library: MustacheLibrary

    init() {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in WebTemplates.all {
            // The templates are compiled in; a broken one is a programming error the tests catch.
            do { templates[name] = try MustacheTemplate(string: text) } catch {
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        library = MustacheLibrary(templates: templates)
    }

    /// The page `template` rendered with `context`, inside the layout.
    func render(_ template: String, title: String, _ context: [String: Any]) -> Response {
        let body = library.render(context, withTemplate: template) ?? ""
        let html = library.render(["title": title, "body": body], withTemplate: "layout") ?? body
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A symbol and a word for an outcome or conclusion, and the CSS class that colours it.
    static func status(_ outcome: String) -> [String: String] {
        switch outcome {
        case "passed", "success", "xfailed": return ["symbol": "✓", "word": outcome, "css": "ok"]
        case "failed", "failure", "error", "timed_out": return ["symbol": "✗", "word": outcome, "css": "bad"]
        case "skipped", "cancelled": return ["symbol": "○", "word": outcome, "css": "skip"]
        case "flaky": return ["symbol": "↻", "word": outcome, "css": "warn"]
        case "running", "queued", "processing": return ["symbol": "…", "word": outcome, "css": "skip"]
        default: return ["symbol": "?", "word": outcome, "css": "skip"]
        }
    }

    /// A percentage with one decimal.
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
}
