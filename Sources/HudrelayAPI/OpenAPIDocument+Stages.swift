import Foundation

extension OpenAPIDocument {
    /// The document as a server with `stages` declared serves it: each schema marked
    /// `x-declared-stages` (the upload's stage, in its query and in `JobContext`) gains an `enum` of
    /// those stages (and `null` where the schema allows it), so that a client generated from the
    /// served document, or a fuzzer, sends only stages this server accepts.
    public static func json(declaring stages: [Int]) -> String {
        guard let root = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else { return json }
        func walk(_ value: Any) -> Any {
            if let list = value as? [Any] { return list.map(walk) }
            guard var object = value as? [String: Any] else { return value }
            for (key, child) in object { object[key] = walk(child) }
            if object["x-declared-stages"] as? Bool == true {
                let nullable = (object["type"] as? [String])?.contains("null") == true
                object["enum"] = stages.sorted() as [Any] + (nullable ? [NSNull()] : [])
            }
            return object
        }
        guard let data = try? JSONSerialization.data(withJSONObject: walk(root), options: [.sortedKeys]) else {
            return json
        }
        return String(decoding: data, as: UTF8.self)
    }
}
