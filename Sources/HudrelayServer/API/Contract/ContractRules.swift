import Foundation
import HudrelayAPI

/// The parameter rules of every operation in the contract (`openapi.yaml`), read once at start-up
/// from the document the server serves: one source for the API's checks and its documentation.
struct ContractRules: Sendable {
    /// One operation: its method, its path template split into segments (`{id}` is a variable)
    /// and its parameters' rules.
    struct Operation: Sendable {
        /// `GET`, `POST`, …
        var method: String
        /// The path's segments; `nil` where the template has a variable.
        var segments: [String?]
        /// Each path variable's name, by segment index.
        var variables: [Int: String]
        /// The parameters' rules.
        var parameters: [ParameterRule]
    }

    /// Every operation of the document.
    let operations: [Operation]

    /// The rules of the contract the server serves.
    static let served: ContractRules = {
        do {
            return try ContractRules(document: Data(OpenAPIDocument.json.utf8))
        } catch {
            // The document is compiled in and checked by OpenAPIDocumentTests: this is a build bug.
            fatalError("the compiled-in contract's parameters cannot be read: \(error)")
        }
    }()

    /// Reads the rules of a JSON OpenAPI document.
    init(document: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: document) as? [String: Any],
            let paths = root["paths"] as? [String: Any]
        else { throw ContractError("the document has no paths") }
        let shared = (root["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        var operations: [Operation] = []
        for (template, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard let item = item as? [String: Any] else { continue }
            var segments: [String?] = []
            var variables: [Int: String] = [:]
            for (i, part) in template.split(separator: "/").enumerated() {
                if part.hasPrefix("{"), part.hasSuffix("}") {
                    segments.append(nil)
                    variables[i] = String(part.dropFirst().dropLast())
                } else {
                    segments.append(String(part))
                }
            }
            for method in ["get", "post", "put", "delete", "patch"] {
                guard let op = item[method] as? [String: Any] else { continue }
                let declared = (item["parameters"] as? [Any] ?? []) + (op["parameters"] as? [Any] ?? [])
                let rules = try declared.map { try Self.rule($0, shared: shared, in: template) }
                operations.append(
                    Operation(
                        method: method.uppercased(), segments: segments, variables: variables, parameters: rules))
            }
        }
        self.operations = operations
    }

    /// The operation a request's method and path reach, or `nil`.
    func operation(method: String, path: String) -> (Operation, [String: String])? {
        let parts = path.split(separator: "/")
        for op in operations where op.method == method && op.segments.count == parts.count {
            var values: [String: String] = [:]
            var matched = true
            for (i, segment) in op.segments.enumerated() {
                if let segment {
                    if segment != parts[i] {
                        matched = false
                        break
                    }
                } else if let name = op.variables[i] {
                    values[name] = String(parts[i]).removingPercentEncoding ?? String(parts[i])
                }
            }
            if matched { return (op, values) }
        }
        return nil
    }

    /// The problem with a request's parameters, or `nil` when each one sent is acceptable.
    /// `query` holds the decoded query parameters.
    func problem(method: String, path: String, query: [String: String]) -> Problem? {
        guard let (op, pathValues) = operation(method: method, path: path) else { return nil }
        for rule in op.parameters {
            let value = rule.location == "path" ? pathValues[rule.name] : query[rule.name]
            guard let value else {
                if rule.required {
                    return Problem.badRequest(rule.code, "the query parameter \(rule.name) is required")
                }
                continue
            }
            if let detail = rule.fault(value) { return Problem.badRequest(rule.code, detail) }
        }
        return nil
    }

    /// A parameter's rule from its declaration (or a `$ref` to a shared one).
    private static func rule(_ any: Any, shared: [String: Any], in template: String) throws -> ParameterRule {
        guard var p = any as? [String: Any] else { throw ContractError("a parameter of \(template) is not an object") }
        if let ref = p["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let resolved = shared[name] as? [String: Any] else {
                throw ContractError("\(template) refers to an undeclared parameter \(ref)")
            }
            p = resolved
        }
        guard let name = p["name"] as? String, let location = p["in"] as? String else {
            throw ContractError("a parameter of \(template) lacks a name or an in")
        }
        // A parameter declared by `content` (a JSON value) has no schema here: any text passes.
        let schema = p["schema"] as? [String: Any] ?? [:]
        let kind: ParameterRule.Kind
        switch schema["type"] as? String {
        case "integer":
            let low = (schema["minimum"] as? NSNumber)?.int64Value ?? Int64.min
            let high = (schema["maximum"] as? NSNumber)?.int64Value ?? Int64.max
            kind = .integer(low...high)
        case "number":
            let low = (schema["minimum"] as? NSNumber)?.doubleValue ?? -Double.greatestFiniteMagnitude
            let high = (schema["maximum"] as? NSNumber)?.doubleValue ?? Double.greatestFiniteMagnitude
            kind = .number(low...high)
        default:
            kind = .string(
                choices: schema["enum"] as? [String], pattern: try (schema["pattern"] as? String).map(Pattern.init),
                uuid: schema["format"] as? String == "uuid")
        }
        return ParameterRule(
            name: name, location: location, kind: kind, code: p["x-problem-code"] as? String ?? "bad_parameter",
            detail: p["x-problem-detail"] as? String, required: p["required"] as? Bool ?? false)
    }
}
