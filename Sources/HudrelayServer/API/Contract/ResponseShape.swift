import Foundation

/// Where a response's schema declares members that may be `null`: the members of each object and
/// the shape of each nested object and array, read from the contract.
///
/// The generated types leave a member out when it has no value (swift-openapi-generator encodes
/// optionals with `encodeIfPresent`, even when the member is required); the API writes it as
/// `null`, as the contract declares and as clients that index by key expect.
indirect enum ResponseShape: Sendable {
    /// An object: its declared members, whether each may be null, and its shape.
    case object([Member])
    /// An array whose items have this shape.
    case array(ResponseShape)
    /// Nothing to fill in.
    case leaf

    /// A declared member of an object.
    struct Member: Sendable {
        /// Its name.
        var name: String
        /// Whether its type includes `null`.
        var nullable: Bool
        /// Its value's shape.
        var shape: ResponseShape
    }

    /// The shape of a schema; `schemas` are the document's components.
    init(_ schema: [String: Any], schemas: [String: Any], depth: Int = 0) {
        var schema = schema
        if let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last,
            let resolved = schemas[String(name)] as? [String: Any], depth < 16
        {
            schema = resolved
        }
        if let items = schema["items"] as? [String: Any] {
            self = .array(ResponseShape(items, schemas: schemas, depth: depth + 1))
            return
        }
        if schema["properties"] == nil, let branches = schema["oneOf"] as? [[String: Any]], !branches.isEmpty {
            self = Self.merged(branches.map { ResponseShape($0, schemas: schemas, depth: depth + 1) })
            return
        }
        guard let properties = schema["properties"] as? [String: Any] else {
            self = .leaf
            return
        }
        self = .object(
            properties.sorted { $0.key < $1.key }.map { name, value in
                let property = value as? [String: Any] ?? [:]
                return Member(
                    name: name, nullable: Self.allowsNull(Self.resolved(property, schemas: schemas)),
                    shape: ResponseShape(property, schemas: schemas, depth: depth + 1))
            })
    }

    /// One shape for the `oneOf` branches of an answer (a stage's scorecard, or every stage's):
    /// a member present in the body takes the shape of the first branch that declares it, and a
    /// missing one is filled with `null` only when every branch declares it nullable.
    static func merged(_ branches: [ResponseShape]) -> ResponseShape {
        let objects = branches.compactMap { b -> [Member]? in
            if case .object(let m) = b { return m }
            return nil
        }
        guard objects.count == branches.count, !objects.isEmpty else { return branches[0] }
        var members: [Member] = []
        for name in Set(objects.flatMap { $0.map(\.name) }).sorted() {
            let declared = objects.compactMap { $0.first { $0.name == name } }
            let nullable = declared.count == objects.count && declared.allSatisfy(\.nullable)
            members.append(Member(name: name, nullable: nullable, shape: declared[0].shape))
        }
        return .object(members)
    }

    /// The schema a `$ref` names, or `schema` itself.
    static func resolved(_ schema: [String: Any], schemas: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last,
            let target = schemas[String(name)] as? [String: Any]
        else { return schema }
        return target
    }

    /// Whether a schema's `type` (or a `oneOf`/`anyOf` branch) is `null`.
    static func allowsNull(_ schema: [String: Any]) -> Bool {
        if let types = schema["type"] as? [String], types.contains("null") { return true }
        let branches = (schema["oneOf"] as? [[String: Any]] ?? []) + (schema["anyOf"] as? [[String: Any]] ?? [])
        return branches.contains { $0["type"] as? String == "null" }
    }

    /// Whether any member, at any depth, may be null (otherwise nothing is ever filled in).
    var hasNullable: Bool {
        switch self {
        case .leaf: false
        case .array(let items): items.hasNullable
        case .object(let members): members.contains { $0.nullable || $0.shape.hasNullable }
        }
    }
}
