/// Which deliveries finishing a job creates: the publisher's configured targets.
public struct PublishSettings: Sendable, Hashable {
    /// Write PyTorch's per-test rows (a sink is configured).
    public var hudRows = false
    /// Key rows per job (`<collection>/<run id>/<attempt>/<job id>`, written as each job finishes)
    /// instead of per workflow run attempt (written when all its jobs have finished).
    public var perJobKeys = false
    /// Send Cross-Repo CI Relay callbacks from the server (a relay URL and a token source are
    /// configured).
    public var relay = false

    /// Nothing is published.
    public init() {}

    /// Whether anything is published.
    public var any: Bool { hudRows || relay }
}
