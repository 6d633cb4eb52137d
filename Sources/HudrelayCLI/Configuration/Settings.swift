import Foundation
import HudrelayJUnit
import HudrelayScope
import HudrelayServer
import HudrelayStore

/// Every setting of hudrelay's commands, read once per process from a ``SettingsSource`` (flags,
/// then the environment, then the YAML file, then these defaults). README's configuration table
/// lists the keys.
///
/// A value that does not parse or is out of range stops the command with a ``SettingsError``
/// naming the flag, variable and key it came from; nothing falls back to a default silently.
struct Settings: Sendable {
    /// `database.url`: PostgreSQL; `nil` runs the embedded cluster.
    var databaseURL: String?
    /// `database.readURL`: a streaming replica of the database that the API's and pages' reads
    /// go to (docs/scaling.md); `nil` reads from the primary.
    var readDatabaseURL: String?
    /// `dataDir`: the embedded cluster's folder.
    var dataDir = ".hudrelay"
    /// `http.host`: the address `serve` listens on.
    var host = "127.0.0.1"
    /// `http.port`: its port (0 picks a free one).
    var port = 8080
    /// `workers`: workers of `serve` (0: none) or `work`.
    var workers = 2
    /// `maxReportMib`: the largest report accepted, uncompressed.
    var maxReportMib = 512
    /// `publicURL`: this server's public URL, for links it sends elsewhere.
    var publicURL: String?
    /// `leaseSeconds`: how long a claim lasts without renewal.
    var leaseSeconds = 30
    /// `stallSeconds`: how long an attempt may make no database progress.
    var stallSeconds = 30
    /// `shutdownTimeoutSeconds`: from SIGTERM to exit, at most.
    var shutdownTimeoutSeconds = 30
    /// `analysis.infraShare`, `analysis.infraMinTests`: how the analyzer judges jobs, the same
    /// in `serve`, `work` and `analyze`.
    var analysis = AnalysisSettings()
    /// How test files' paths are normalized (`paths.prefixes`, comma-separated).
    var paths = TestPathRules()
    /// `stages.file`: the declared rollout stages (the seed's table when none).
    var stages = StageCatalog.seed
    /// The publisher's settings (`s3.*`, `hud.*`, `relay.*`, …; docs/hud.md).
    var publish = PublishOptions()
    /// `reports.dir` or `reports.s3.*`: where raw reports are kept.
    var archive = ReportArchive.directory(URL(fileURLWithPath: ".hudrelay/reports"))
    /// `retention.reportsDays`: raw reports of finished uploads older than this many days are
    /// removed (their results stay); `nil` keeps them forever.
    var reportRetentionDays: Int?
    /// `retention.resultsDays`: results received more than this many days ago are dropped, whole
    /// day partitions at a time (runs, rollups and jobs stay); `nil` keeps them forever.
    var resultRetentionDays: Int?
    /// `scorecard.l2.since`: the day (`YYYY-MM-DD`) the backend reached L2 on PyTorch HUD, from
    /// which the scorecard's `days_at_l2` gate counts (docs/scorecard.md).
    var l2Since: Date?

    /// The defaults.
    init() {}

    /// The settings `source` gives.
    init(source: SettingsSource) throws {
        databaseURL = source.text("database.url")
        readDatabaseURL = source.text("database.readURL")
        dataDir = source.text("dataDir") ?? dataDir
        host = source.text("http.host") ?? host
        port = try source.int("http.port", in: 0...65_535) ?? port
        workers = try source.int("workers", in: 0...256) ?? workers
        maxReportMib = try source.int("maxReportMib", in: 1...65_536) ?? maxReportMib
        publicURL = source.text("publicURL")
        leaseSeconds = try source.int("leaseSeconds", in: 2...86_400) ?? leaseSeconds
        stallSeconds = try source.int("stallSeconds", in: 2...86_400) ?? stallSeconds
        shutdownTimeoutSeconds = try source.int("shutdownTimeoutSeconds", in: 5...86_400) ?? shutdownTimeoutSeconds
        if let share = try source.double("analysis.infraShare", in: 0...1) {
            guard share > 0 else {
                throw SettingsError("\(source.name("analysis.infraShare")) must be above 0 and at most 1, got \(share)")
            }
            analysis.infraShare = share
        }
        analysis.infraMinTests = try source.int("analysis.infraMinTests", in: 0...1_000_000) ?? analysis.infraMinTests
        analysis.podRetryFlaky = try source.bool("analysis.podRetryFlaky") ?? analysis.podRetryFlaky
        if let prefixes = source.text("paths.prefixes") {
            paths.prefixes = prefixes.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        publish = try Self.publishOptions(source)
        archive = try Self.reportArchive(source, dataDir: dataDir)
        reportRetentionDays = try source.int("retention.reportsDays", in: 1...36_500)
        resultRetentionDays = try source.int("retention.resultsDays", in: 2...36_500)
        if let day = source.text("scorecard.l2.since") {
            guard let start = ScorecardReader.endOf(day: day)?.addingTimeInterval(-86_400) else {
                throw SettingsError(
                    "\(source.name("scorecard.l2.since")) must be a day such as 2026-10-01, got '\(day)'")
            }
            l2Since = start
        }
        if let file = source.text("stages.file") {
            do { stages = try StageFile.load(file) } catch {
                throw SettingsError("\(source.name("stages.file")): \(error)")
            }
        }
    }

    /// Reads the settings of a command given `flags` (key → value of the flags on its command line).
    static func load(flags: [String: String], flagNames: [String: String], file: String?) async throws -> Settings {
        try Settings(source: try await SettingsSource.load(flags: flags, flagNames: flagNames, file: file))
    }
}
