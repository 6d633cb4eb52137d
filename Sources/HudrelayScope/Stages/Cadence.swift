/// How often a stage is meant to run: on every pull request, once a night, or N times a day.
public enum Cadence: Sendable, Hashable, CustomStringConvertible {
    /// On pull requests: no runs are due on a given day.
    case onPR
    /// Once a day.
    case nightly
    /// N times a day (`3_per_day`).
    case perDay(Int)

    /// Reads `on_pr`, `nightly` or `N_per_day` (N from 1 to 96).
    public init?(_ text: String) {
        switch text {
        case "on_pr": self = .onPR
        case "nightly": self = .nightly
        default:
            guard text.hasSuffix("_per_day"), let n = Int(text.dropLast("_per_day".count)), (1...96).contains(n)
            else { return nil }
            self = .perDay(n)
        }
    }

    /// The runs due each day, `nil` for ``onPR``.
    public var expectedPerDay: Int? {
        switch self {
        case .onPR: nil
        case .nightly: 1
        case .perDay(let n): n
        }
    }

    /// The form the stages file writes.
    public var description: String {
        switch self {
        case .onPR: "on_pr"
        case .nightly: "nightly"
        case .perDay(let n): "\(n)_per_day"
        }
    }
}
