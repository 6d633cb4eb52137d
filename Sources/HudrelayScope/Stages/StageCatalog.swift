import Yams

/// The declared rollout stages, read from a YAML file (``StageCatalog/seed`` when none is given).
///
/// ```yaml
/// stages:
///   - id: 1
///     name: Stage 1
///     cards: 128
///     cadence: nightly        # on_pr | nightly | N_per_day
///     target: 0.05            # coverage of the scope's population, a fraction; null for none
///     scope: pytorch          # pytorch | device | all
///     description: 5% of in-scope PyTorch tests
/// ```
public struct StageCatalog: Sendable, Hashable {
    /// The stages, in the file's order.
    public var stages: [Stage]

    /// A catalog of `stages`.
    public init(stages: [Stage]) { self.stages = stages }

    /// The stage numbered `id`.
    public func stage(_ id: Int) -> Stage? { stages.first { $0.id == id } }

    /// The declared ids, for messages.
    public var ids: [Int] { stages.map(\.id) }

    /// Reads a stages file; `file` names it in errors.
    ///
    /// - Throws: ``ScopeError`` (`bad_stages`) with the line and column of the first problem.
    public init(yaml text: String, file: String) throws {
        let reader = YAMLReader(file: file, code: "bad_stages")
        let root = try reader.root(text)
        let top = try reader.mapping(root, "the stages file")
        try reader.onlyKeys(top, ["stages"], in: "the stages file")
        guard let list = top["stages"] else { throw reader.fail(root, "the stages file needs a stages: list") }
        var stages: [Stage] = []
        for node in try reader.list(list, "stages") {
            let m = try reader.mapping(node, "a stage")
            try reader.onlyKeys(m, ["id", "name", "cards", "cadence", "target", "scope", "description"], in: "a stage")
            guard let idNode = m["id"], let id = idNode.int, (0...32_767).contains(id) else {
                throw reader.fail(m["id"] ?? node, "a stage needs an id: a number from 0 to 32767")
            }
            guard !stages.contains(where: { $0.id == id }) else {
                throw reader.fail(idNode, "stage \(id) is declared twice")
            }
            guard let cadenceNode = m["cadence"], let cadence = Cadence(try reader.text(cadenceNode, "cadence")) else {
                throw reader.fail(m["cadence"] ?? node, "stage \(id) needs a cadence: on_pr, nightly or N_per_day")
            }
            var stage = Stage(id: id, cadence: cadence)
            if let n = m["name"] { stage.name = try reader.text(n, "name") }
            if let n = m["description"] { stage.description = try reader.text(n, "description") }
            if let n = m["cards"], n.null == nil {
                guard let cards = n.int, cards >= 0 else { throw reader.fail(n, "cards must be a number, 0 or more") }
                stage.cards = cards
            }
            if let n = m["target"], n.null == nil {
                guard let t = n.float, (0...1).contains(t) else {
                    throw reader.fail(n, "target must be a fraction from 0 to 1 (0.8 for 80%), or null")
                }
                stage.target = t
            }
            if let n = m["scope"] {
                let s = try reader.text(n, "scope")
                guard let scope = StageScope(rawValue: s) else {
                    throw reader.fail(n, "scope must be pytorch, device or all, got \(s)")
                }
                stage.scope = scope
            }
            stages.append(stage)
        }
        guard !stages.isEmpty else { throw reader.fail(list, "the stages file declares no stage") }
        self.stages = stages
    }
}
