import Foundation
import HudrelayHUD
import HudrelayStore

extension JobContext {
    /// A context from a JSON object with the query parameters' names, its `payload` (a JSON
    /// object, or null for none) kept as Python's `json.dumps` writes it, keys in their order.
    static func fromJSON(_ bytes: [UInt8]) throws -> JobContext {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Problem.badRequest("bad_context", "the job context is not UTF-8 JSON")
        }
        var context = try JSONDecoder().decode(JobContext.self, from: Data(bytes))
        if case .dict(let object) = try PyJSONParser.parse(String(decoding: bytes, as: UTF8.self)),
            let payload = object["payload"], payload != .null
        {
            guard case .dict = payload else {
                throw Problem.badRequest("bad_context", "payload must be a JSON object (the dispatch's client_payload)")
            }
            context.payload = PyJSON.dumps(payload)
        }
        return context
    }
}
