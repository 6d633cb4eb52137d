import ArgumentParser
import Foundation
import HudrelayFlaky
import HudrelayStore

/// `hudrelay disabled-tests`: PyTorch's `disabled-tests-condensed.json` from hudrelay's evidence.
struct DisabledTestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disabled-tests",
        abstract: "Write disabled-tests-condensed.json (PyTorch's format) with the tests flaky on a card type.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this repository (owner/name).") var repo: String?
    @Option(help: "The hardware the file is for (all card types when omitted).") var cardType: String?
    @Option(help: "Flaky runs within the lookback that disable a test.") var minFlakyRuns = FlakyCriteria().minFlakyRuns
    @Option(help: "Days of history that count.") var lookbackDays = DisabledTests().lookbackDays
    @Option(help: "Clean runs on the same hardware before a test comes back.") var cleanRuns =
        DisabledTests().cleanRunsToEnable
    @Option(help: "This server's public URL, for the entries' links.") var publicURL = ""
    @Option(name: .shortAndLong, help: "Where to write (default: stdout).") var output: String?

    func validate() throws {
        guard minFlakyRuns >= 1, lookbackDays >= 1, cleanRuns >= 1 else {
            throw ValidationError("--min-flaky-runs, --lookback-days and --clean-runs are 1 or more")
        }
    }

    func run() async throws {
        var disabled = DisabledTests()
        disabled.criteria.minFlakyRuns = minFlakyRuns
        disabled.lookbackDays = lookbackDays
        disabled.cleanRunsToEnable = cleanRuns
        disabled.publicURL = publicURL
        let (d, repo, card) = (disabled, repo, cardType)
        let entries = try await database.withStore(logger: LogSetup.logger(), migrate: true) { store in
            try await d.entries(store: store, repo: repo, cardType: card)
        }
        let json = DisabledTests.json(entries) + "\n"
        if let output {
            do {
                try json.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                OutputStream.standardError().line("hudrelay: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            OutputStream.standardError().line("hudrelay: \(entries.count) disabled tests written to \(output)")
        } else {
            let out = OutputStream.standardOutput()
            out.text(json)
            out.flush()
        }
    }
}
