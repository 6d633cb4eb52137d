/// torch-spyre's `tag` properties read as namespace → values (`platform__x86_64` is
/// `platform: [x86_64]`), in document order, each value once.
///
/// A tag without `__` is an old bare tag: `nightly`, `weekly` and `periodic` mean
/// `cadence__<tag>`; any other goes under ``bareNamespace``.
public struct TestTags: Sendable, Hashable {
    /// Namespace → values.
    public private(set) var values: [String: [String]] = [:]
    /// The namespaces in the order they first appear.
    public private(set) var namespaces: [String] = []

    /// Where bare tags without a known meaning go.
    public static let bareNamespace = "tag"
    /// Bare tags that name a cadence.
    static let bareCadences: Set<String> = ["nightly", "weekly", "periodic"]

    /// The tags of `properties` (those named `tag`).
    public init(_ properties: [JUnitProperty]) {
        for p in properties where p.name == "tag" {
            let tag = p.value.trimmingSpaces
            guard !tag.isEmpty else { continue }
            let namespace: String
            let value: String
            if let cut = tag.doubleUnderscore, cut != tag.startIndex {
                namespace = String(tag[..<cut])
                value = String(tag[tag.index(cut, offsetBy: 2)...])
            } else if Self.bareCadences.contains(tag) {
                (namespace, value) = ("cadence", tag)
            } else {
                (namespace, value) = (Self.bareNamespace, tag)
            }
            if values[namespace] == nil { namespaces.append(namespace) }
            if values[namespace, default: []].contains(value) { continue }
            values[namespace, default: []].append(value)
        }
    }

    /// Whether there are no tags.
    public var isEmpty: Bool { namespaces.isEmpty }

    /// The values of `namespace`.
    public subscript(namespace: String) -> [String] { values[namespace] ?? [] }
}

extension String {
    /// Where the first `__` starts, if any.
    var doubleUnderscore: String.Index? {
        var i = startIndex
        while i < endIndex {
            let next = index(after: i)
            if self[i] == "_" && next < endIndex && self[next] == "_" { return i }
            i = next
        }
        return nil
    }

    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
