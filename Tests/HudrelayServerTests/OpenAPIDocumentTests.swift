import Foundation
import HudrelayAPI
import Testing
import Yams

@testable import HudrelayServer

/// `openapi.yaml` is the contract; the binary serves a copy of it (scripts/embed-openapi).
@Suite("The API's contract", .timeLimit(.minutes(5)))
struct OpenAPIDocumentTests {
    static let file = TestDatabase.repoRoot.appendingPathComponent("openapi.yaml")

    /// `value` as JSON with sorted keys, so that two documents compare by content.
    static func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }

    @Test("the document /openapi.json serves is openapi.yaml, key for key")
    func servedIsTheFile() throws {
        let yaml = try String(contentsOf: Self.file, encoding: .utf8)
        let fromFile = try #require(try Yams.load(yaml: yaml))
        let served = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))
        #expect(
            try Self.canonical(fromFile) == Self.canonical(served),
            "Sources/HudrelayAPI/OpenAPIDocument.swift is out of date: run scripts/embed-openapi")
    }

    @Test("every operation has an id, a summary and a problem answer for what a client can get wrong")
    func operationsAreDescribed() throws {
        let document = try #require(
            try Yams.load(yaml: String(contentsOf: Self.file, encoding: .utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var ids: Set<String> = []
        for (path, operations) in paths {
            for (method, value) in operations where ["get", "post", "put", "delete", "patch"].contains(method) {
                let op = try #require(value as? [String: Any], "\(method) \(path)")
                let id = try #require(op["operationId"] as? String, "\(method) \(path) has no operationId")
                #expect(ids.insert(id).inserted, "operationId \(id) is used twice")
                #expect((op["summary"] as? String)?.isEmpty == false, "\(id) has no summary")
                let responses = try #require(op["responses"] as? [String: Any], "\(id) has no responses")
                let takesInput = op["parameters"] != nil || op["requestBody"] != nil
                if takesInput && !["healthz", "readyz", "metrics", "openAPIDocument"].contains(id) {
                    #expect(responses["400"] != nil, "\(id) takes input but declares no 400")
                }
            }
        }
        #expect(ids.count >= 19)
    }
}
