import Foundation

/// Time to recover over a window: the outages that ended in it, and the one still open.
public struct RecoveryFigures: Sendable, Hashable {
    /// The window's length.
    public var windowDays: Int
    /// Outages that ended in the window.
    public var ended: Int
    /// Of those, how many recovered within the deadline.
    public var withinDeadline: Int
    /// Their mean length in hours (`nil`: none ended).
    public var meanHours: Double?
    /// The longest of them, or the open outage's age when that is longer (`nil`: none).
    public var worstHours: Double?
    /// The open outage's age in hours (`nil`: none is open).
    public var openHours: Double?

    /// The deadline the seed sets: outages recover within 3 days.
    public static let deadlineHours: Double = 72

    /// The figures of `outages` over the `days` days that end at `asOf`.
    public init(_ outages: [Outage], days: Int, asOf: Date) {
        windowDays = days
        let from = asOf.addingTimeInterval(-Double(days) * 86_400)
        let closed = outages.filter { o in o.end.map { $0 > from && $0 <= asOf } ?? false }
        let hours = closed.map { $0.hours(asOf: asOf) }
        ended = closed.count
        withinDeadline = hours.filter { $0 <= Self.deadlineHours }.count
        meanHours = Percentile.mean(hours)
        openHours = outages.first(where: \.isOpen).map { $0.hours(asOf: asOf) }
        worstHours = (hours + [openHours].compactMap { $0 }).max()
    }
}
