import ArgumentParser
import Foundation
import HudrelayFlaky
import HudrelayScope
import HudrelayScorecard
import HudrelayServer
import HudrelayStore

/// `hudrelay scorecard`: per stage, the seed's quality criteria, outages, cycle time and HUD's L3
/// gates, from the stored jobs (docs/scorecard.md).
struct ScorecardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "The quality criteria, outages, cycle time and HUD's L3 gates per stage.",
        discussion: """
            Reads the database (--database-url, or the embedded one). The day the backend reached L2 \
            comes from --l2-since, $HUDRELAY_SCORECARD_L2_SINCE or scorecard.l2.since in the file.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this stage.") var stage: Int?
    @Option(help: "The repository (owner/name); the one with the newest job when not given.") var repo: String?
    @Option(name: .customLong("as-of"), help: "Compute as of the end of this day (YYYY-MM-DD, UTC); default now.")
    var asOf: String?
    @Option(help: "The criteria's window: days or weeks, up to 90d or 12w.") var window = "30d"
    @Option(name: .customLong("l2-since"), help: "The day the backend reached L2 on HUD (YYYY-MM-DD).")
    var l2Since: String?
    @Option(help: "A stages YAML file (or $HUDRELAY_STAGES_FILE); the seed's table when none.") var stagesFile: String?
    @Option(help: "Output: table, json or markdown.") var format: Format = .table

    func validate() throws {
        guard let d = FlakyCriteria.days(window), d <= 90 else {
            throw ValidationError("--window is up to 90d or 12w, such as 30d or 4w")
        }
        if let asOf, ScorecardReader.endOf(day: asOf) == nil {
            throw ValidationError("--as-of is a day such as 2026-12-01, got '\(asOf)'")
        }
    }

    func run() async throws {
        var flags: [String: String] = [:]
        flags["scorecard.l2.since"] = l2Since
        flags["stages.file"] = stagesFile ?? ProcessInfo.processInfo.environment["HUDRELAY_STAGES_FILE"]
        let settings = try await database.settings(
            flags, flagNames: ["scorecard.l2.since": "--l2-since", "stages.file": "--stages-file"])
        var chosen = settings.stages.stages
        if let stage {
            guard let s = settings.stages.stage(stage) else {
                let declared = settings.stages.ids.map(String.init).joined(separator: ", ")
                throw ValidationError("stage \(stage) is not declared (declared: \(declared))")
            }
            chosen = [s]
        }
        let end = ScorecardReader.asOf(day: asOf) ?? Date()
        let (days, given, stages, catalog) = (FlakyCriteria.days(window)!, repo, chosen, settings.stages)
        let l2 = settings.l2Since
        let (repo, cards) = try await database.withStore(logger: LogSetup.logger(), migrate: true, settings: settings) {
            store in
            let reader = ScorecardReader(store: store, stages: catalog, criteria: FlakyCriteria(), l2Since: l2)
            let r = try await reader.repo(given, stage: stages.count == 1 ? stages[0].id : nil)
            var out: [(Scorecard, Stage)] = []
            for s in stages {
                out.append((try await reader.scorecard(repo: r ?? "", stage: s, asOf: end, windowDays: days), s))
            }
            return (r, out)
        }
        let out = OutputStream.standardOutput()
        defer { out.flush() }
        switch format {
        case .json:
            out.line(try ScorecardJSON.encode(cards, repo: repo, asOf: end, l2Since: l2, one: stage != nil))
        case .table: ScorecardFormat.table(cards, repo: repo).forEach(out.line)
        case .markdown: ScorecardFormat.markdown(cards, repo: repo).forEach(out.line)
        }
    }
}
