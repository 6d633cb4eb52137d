/// A stage's open outage age, for the `hudrelay_outage_open_hours` gauge.
public struct OpenOutage: Sendable, Hashable {
    /// The repository.
    public var repo: String
    /// The stage.
    public var stage: Int
    /// The open outage's age in hours, 0 when none is open.
    public var hours: Double
}
