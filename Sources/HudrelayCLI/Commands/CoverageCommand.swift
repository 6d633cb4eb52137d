import ArgumentParser
import Foundation
import HudrelayFlaky
import HudrelayScope
import HudrelayStore

/// `hudrelay coverage`: each stage's coverage of its scope against its target, from the analyzed
/// history (docs/coverage.md).
struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage", abstract: "Coverage of the in-scope tests per stage, against each stage's target.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, markdown
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this stage.") var stage: Int?
    @Option(help: "The scope's repository (owner/name); the newest scope's when not given.") var repo: String?
    @Option(help: "Only jobs on this architecture.") var arch: String?
    @Option(help: "The window ending today: days or weeks, such as 30d or 4w.") var window = "30d"
    @Option(help: "A stages YAML file (or $HUDRELAY_STAGES_FILE); the seed's table when none.") var stagesFile: String?
    @Option(help: "Output: table, json, csv or markdown.") var format: Format = .table

    func validate() throws {
        guard let d = FlakyCriteria.days(window), d <= 366 else { throw ValidationError("--window is like 30d or 4w") }
    }

    func run() async throws {
        let catalog = try StageFile.load(stagesFile ?? ProcessInfo.processInfo.environment["HUDRELAY_STAGES_FILE"])
        var chosen = catalog.stages
        if let stage {
            guard let s = catalog.stage(stage) else {
                throw ValidationError(
                    "stage \(stage) is not declared (declared: \(catalog.ids.map(String.init).joined(separator: ", ")))"
                )
            }
            chosen = [s]
        }
        let (days, repo, arch, stages) = (FlakyCriteria.days(window)!, self.repo, self.arch, chosen)
        let list = try await database.withStore(logger: LogSetup.logger(), migrate: true) { store in
            var r = repo ?? ""
            if r.isEmpty { r = try await store.scopes.history(repo: nil, limit: 1).first?.repo ?? "" }
            var out: [StageCoverage] = []
            for s in stages {
                out.append(try await store.scopes.coverage(repo: r, stage: s, architecture: arch, days: days))
            }
            return out
        }
        let out = OutputStream.standardOutput()
        defer { out.flush() }
        switch format {
        case .json: out.line(CoverageFormat.json(list))
        case .csv: CoverageFormat.rows(list, separator: ",", header: true).forEach(out.line)
        case .table: CoverageFormat.rows(list, separator: "\t", header: true).forEach(out.line)
        case .markdown: CoverageFormat.markdown(list).forEach(out.line)
        }
    }
}
