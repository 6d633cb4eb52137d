/// One rollout stage as declared (docs/coverage.md): its hardware, how often it runs, and how much
/// of its scope it must cover.
public struct Stage: Sendable, Hashable {
    /// The number jobs give as their `stage`.
    public var id: Int
    /// A short name for pages ("Stage 1").
    public var name: String
    /// AIU cards the stage runs on.
    public var cards: Int?
    /// How often it runs.
    public var cadence: Cadence
    /// The coverage it must reach, a fraction of its scope's population (`nil`: none).
    public var target: Double?
    /// Which tests of an uploaded scope its coverage counts.
    public var scope: StageScope
    /// What the stage runs, in words.
    public var description: String

    /// A stage.
    public init(
        id: Int, name: String? = nil, cards: Int? = nil, cadence: Cadence, target: Double? = nil,
        scope: StageScope = .pytorch, description: String = ""
    ) {
        self.id = id
        self.name = name ?? "Stage \(id)"
        self.cards = cards
        self.cadence = cadence
        self.target = target
        self.scope = scope
        self.description = description
    }
}

/// The tests of an uploaded scope a stage's coverage counts: PyTorch's own tests (the config
/// entries under `${TORCH_ROOT}` and the collected population), the backend's own tests (entries
/// under `${TORCH_DEVICE_ROOT}`), or both.
public enum StageScope: String, Sendable, Hashable, CaseIterable {
    /// PyTorch's tests.
    case pytorch
    /// The backend's own tests.
    case device
    /// Both.
    case all

    /// The origins of scope tests this counts.
    public var origins: [String] {
        switch self {
        case .pytorch: ["pytorch"]
        case .device: ["device"]
        case .all: ["pytorch", "device"]
        }
    }
}
