import Yams

/// Reads a YAML document into nodes and the nodes into values, failing with a ``ScopeError`` that
/// names the file, line and column of what is wrong.
struct YAMLReader {
    /// The file's name in errors.
    let file: String
    /// The error code of this kind of file.
    let code: String

    /// The document's root node; a document that does not parse fails with libyaml's own position.
    func root(_ text: String) throws -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw fail(nil, "the file is empty") }
            return node
        } catch let error as ScopeError {
            throw error
        } catch let error as YamlError {
            throw Self.convert(error, file: file, code: code)
        } catch {
            throw fail(nil, "not YAML: \(error)")
        }
    }

    /// An error at `node`'s place.
    func fail(_ node: Node?, _ message: String) -> ScopeError {
        ScopeError(code: code, file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, message)
    }

    /// `node` as a mapping.
    func mapping(_ node: Node, _ what: String) throws -> Node.Mapping {
        guard let m = node.mapping else { throw fail(node, "\(what) must be a mapping") }
        return m
    }

    /// `node` as a list (a lone scalar is a list of one).
    func list(_ node: Node, _ what: String) throws -> [Node] {
        if let s = node.sequence { return Array(s) }
        if node.scalar != nil, node.null == nil { return [node] }
        if node.null != nil { return [] }
        throw fail(node, "\(what) must be a list")
    }

    /// `node` as text.
    func text(_ node: Node, _ what: String) throws -> String {
        guard let s = node.scalar?.string, node.null == nil else { throw fail(node, "\(what) must be text") }
        return s
    }

    /// The keys of `mapping` that are not `known`, as one error at the first.
    func onlyKeys(_ mapping: Node.Mapping, _ known: Set<String>, in what: String) throws {
        for (key, _) in mapping {
            guard let k = key.scalar?.string, known.contains(k) else {
                let shown = key.scalar?.string ?? "a non-text key"
                throw fail(
                    key, "\(what) has no key \(shown) (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
    }

    static func convert(_ error: YamlError, file: String, code: String) -> ScopeError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ScopeError(code: code, file: file, line: mark.line, column: mark.column, "YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScopeError(
                code: code, file: file, line: context.mark.line, column: context.mark.column,
                "YAML: duplicate key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return ScopeError(code: code, file: file, "YAML: \(problem)")
        default:
            return ScopeError(code: code, file: file, "YAML: \(error)")
        }
    }
}
