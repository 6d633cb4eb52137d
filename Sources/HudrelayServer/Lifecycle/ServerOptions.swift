import Foundation
import HudrelayFlaky
import HudrelayJUnit
import HudrelayScope
import HudrelayStore

/// How `hudrelay serve` runs.
public struct ServerOptions: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port (0 picks a free one).
    public var port = 8080
    /// Workers started inside the server (0: none; run `hudrelay work` separately).
    public var workers = 2
    /// The largest report accepted, uncompressed (default 512 MiB).
    public var maxReportBytes: Int64 = 512 * 1024 * 1024
    /// What the workers do.
    public var worker = WorkerOptions()
    /// When set, the workers run in a child process that the server supervises (what `hudrelay
    /// serve` does); otherwise in this process.
    public var workerProcess: WorkerProcessOptions?
    /// The flaky rule the reports apply.
    public var flaky = FlakyCriteria()
    /// This server's public URL, for links in reports ('' for relative links).
    public var publicURL = ""
    /// How the analyzer (started with the workers) judges jobs.
    public var analysis = AnalysisSettings()
    /// What is published to PyTorch HUD's channels, and how.
    public var publish = PublishOptions()
    /// The declared rollout stages (`stages.file`; the seed's table by default).
    public var stages = StageCatalog.seed
    /// The day the backend reached L2 on PyTorch HUD (`scorecard.l2.since`): the scorecard's
    /// `days_at_l2` gate counts from it.
    public var l2Since: Date?
    /// Raw reports of finished uploads older than this many days are removed
    /// (`retention.reportsDays`); `nil` keeps them.
    public var reportRetentionDays: Int?
    /// Results received more than this many days ago are dropped, a day partition at a time
    /// (`retention.resultsDays`); `nil` keeps them.
    public var resultRetentionDays: Int?
    /// How often the report maintenance (moving reports out of the database, retention) runs.
    public var maintenanceInterval: Duration = .seconds(60)

    /// The defaults.
    public init() {}
}
