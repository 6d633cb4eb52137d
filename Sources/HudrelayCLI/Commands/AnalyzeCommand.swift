import ArgumentParser
import HudrelayStore

/// `hudrelay analyze`: runs the flakiness analysis now (the server's analyzer does it as uploads
/// complete); `--all` recomputes every job, after changing the infrastructure thresholds.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Analyze queued jobs now, or every job with --all.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Recompute every job, not only the queued ones.") var all = false
    @Flag(help: "Rebuild all runs and rollups from the results in a few set-based statements (large histories).")
    var rebuild = false
    @OptionGroup var analysis: AnalysisOptions

    func run() async throws {
        let settings = try await database.settings(analysis.flags, flagNames: AnalysisOptions.flagNames)
        let (s, all, rebuild) = (settings.analysis, self.all, self.rebuild)
        let count = try await database.withStore(logger: LogSetup.logger(), migrate: true, settings: settings) {
            store in
            if rebuild {
                let runs = try await store.analysis.rebuildAnalysis(settings: s)
                OutputStream.standardError().line("hudrelay: rebuilt \(runs) runs")
                return 0
            }
            if all { return try await store.analysis.reanalyzeAll(settings: s) }
            var n = 0
            while try await store.analysis.analyzeNextJob(settings: s) != nil { n += 1 }
            return n
        }
        OutputStream.standardError().line("hudrelay: analyzed \(count) jobs")
    }
}
