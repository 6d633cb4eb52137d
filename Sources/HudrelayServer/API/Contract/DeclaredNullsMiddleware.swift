import Foundation
import HTTPTypes
import HudrelayAPI
import OpenAPIRuntime

/// Writes each nullable member the contract declares, and a generated type left out for having no
/// value, as `null` (``ResponseShape``): `{"next": null}` on a list's last page, as before the API
/// was generated.
struct DeclaredNullsMiddleware: ServerMiddleware {
    /// The JSON body's shape of each operation's answers, by operation id and status code; only
    /// shapes with a nullable member.
    let shapes: [String: [Int: ResponseShape]]

    /// The shapes of the contract the server serves.
    static let served = DeclaredNullsMiddleware(document: Data(OpenAPIDocument.json.utf8))

    /// Reads the shapes of a JSON OpenAPI document (none when it cannot be read:
    /// ``ContractRules`` stops the start first).
    init(document: Data) {
        let root = (try? JSONSerialization.jsonObject(with: document)) as? [String: Any] ?? [:]
        let schemas = (root["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var shapes: [String: [Int: ResponseShape]] = [:]
        for case let item as [String: Any] in (root["paths"] as? [String: Any] ?? [:]).values {
            for case let op as [String: Any] in item.values {
                guard let id = op["operationId"] as? String, let responses = op["responses"] as? [String: Any] else {
                    continue
                }
                for (code, response) in responses {
                    guard let status = Int(code), let response = response as? [String: Any],
                        let content = response["content"] as? [String: Any],
                        let json = content["application/json"] as? [String: Any],
                        let schema = json["schema"] as? [String: Any]
                    else { continue }
                    let shape = ResponseShape(schema, schemas: schemas)
                    if shape.hasNullable { shapes[id, default: [:]][status] = shape }
                }
            }
        }
        self.shapes = shapes
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, metadata)
        guard let shape = shapes[operationID]?[response.status.code], let responseBody,
            response.headerFields[.contentType]?.hasPrefix("application/json") == true
        else { return (response, responseBody) }
        let bytes = try await [UInt8](collecting: responseBody, upTo: 256 << 20)
        let filled = NullFiller.fill(bytes, shape: shape)
        var head = response
        head.headerFields[.contentLength] = String(filled.count)
        return (head, HTTPBody(filled))
    }
}
