import ArgumentParser
import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayServer
import HudrelayStore

/// `hudrelay flaky`: the flaky tests of a window, for people (table, markdown) and scripts (json,
/// csv); `--issue TEST` prints a GitHub issue body like PyTorch's flaky-test bot writes.
struct FlakyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flaky", abstract: "List flaky tests (or print the issue of one) from the analyzed history.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, markdown, json, csv
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The window: days or weeks, such as 14d or 2w.") var window = "14d"
    @Option(help: "Only this repository (owner/name).") var repo: String?
    @Option(help: "Only this stage (0-4).") var stage: Int?
    @Option(help: "Only this card type.") var cardType: String?
    @Option(help: "Only this node.") var node: String?
    @Option(help: "Only tests of this file.") var file: String?
    @Option(help: "Only jobs on this branch.") var branch: String?
    @Option(help: "Only jobs on this architecture (x86_64, s390x, ppc64le).") var arch: String?
    @Option(help: "test (one row per instantiated test) or generic (variants of one generic test merged).")
    var group: String = "test"
    @Option(help: "Flaky runs that make a test flaky.") var minFlakyRuns = FlakyCriteria().minFlakyRuns
    @Option(help: "Order: \(FlakySort.allCases.map(\.rawValue).joined(separator: ", ")).") var sort = "rate"
    @Option(help: "Output: table, markdown, json or csv.") var format: Format = .table
    @Option(help: "Print the GitHub issue for this test (`Class::name`, `name (__main__.Class)` or a name).")
    var issue: String?
    @Option(help: "This server's public URL, for links.") var publicURL = ""
    @Option(
        help: ArgumentHelp(
            "Wait up to this many seconds for the analysis to include every report received before now.",
            valueName: "seconds"))
    var waitAnalysis = 0

    func validate() throws {
        guard FlakyCriteria.days(window) != nil else { throw ValidationError("--window is like 14d or 2w") }
        if let stage, !(0...4).contains(stage) { throw ValidationError("--stage is 0 to 4") }
        guard FlakySort(rawValue: sort) != nil else { throw ValidationError("--sort: unknown order \(sort)") }
        guard FlakyGrouping(rawValue: group) != nil else { throw ValidationError("--group is test or generic") }
        guard minFlakyRuns >= 1 else { throw ValidationError("--min-flaky-runs is 1 or more") }
        guard (0...3600).contains(waitAnalysis) else { throw ValidationError("--wait-analysis is 0 to 3600 seconds") }
    }

    func run() async throws {
        var filter = FlakyFilter(days: FlakyCriteria.days(window)!)
        filter.repo = repo
        filter.stage = stage
        filter.cardType = cardType
        filter.node = node
        filter.file = file
        filter.branch = branch
        filter.architecture = arch
        var criteria = FlakyCriteria()
        criteria.minFlakyRuns = minFlakyRuns
        let order = FlakySort(rawValue: sort)!
        let (f, c, wait) = (filter, criteria, waitAnalysis)
        let list = try await database.withStore(logger: LogSetup.logger(), migrate: true) { store in
            if wait > 0 { try await AnalysisWait.until(store: store, seconds: wait, analyzed: nil) }
            return try await FlakyReporter(store: store, criteria: c).flakyList(f, sort: order)
        }
        let tests = group == "generic" ? FlakyReporter.grouped(list.tests, sort: order, criteria: c) : list.tests
        if list.freshness.pendingUploads > 0 {
            OutputStream.standardError().line(
                "hudrelay: \(list.freshness.pendingUploads) reports are not in these figures yet (--wait-analysis N waits)"
            )
        }
        let out = OutputStream.standardOutput()
        defer { out.flush() }
        if let issue {
            guard let test = Self.find(issue, in: tests) else {
                OutputStream.standardError().line(
                    "hudrelay: \(issue) is not flaky in the last \(window) (\(tests.count) flaky tests; try --window)")
                throw ExitCode(1)
            }
            let body = IssueBody(test: test, publicURL: publicURL)
            out.line(body.title)
            out.line("")
            out.text(body.body)
            return
        }
        if tests.isEmpty && (format == .table || format == .markdown) {
            OutputStream.standardError().line("hudrelay: no flaky tests in the last \(window)")
            return
        }
        switch format {
        case .table: out.text(FlakyTable.text(tests))
        case .markdown: out.text(FlakyTable.markdown(tests))
        case .csv: out.text(FlakyTable.csv(tests))
        case .json: out.line(try APIJSON.string(tests.map(Components.Schemas.FlakyTest.init)))
        }
    }

    /// The test `query` names: `Class::name`, `name (__main__.Class)`, a test id, or a name alone.
    static func find(_ query: String, in tests: [FlakyTest]) -> FlakyTest? {
        let q = query.trimmingCharacters(in: .whitespaces)
        if let id = Int64(q), let t = tests.first(where: { $0.aggregate.testID == id }) { return t }
        if let t = tests.first(where: { $0.label == q || $0.label.hasSuffix("." + q) }) { return t }
        if let t = tests.first(where: { "\($0.aggregate.name) (\(DisabledTests.suite($0.aggregate.classname)))" == q })
        {
            return t
        }
        let byName = tests.filter { $0.aggregate.name == q }
        return byName.count == 1 ? byName[0] : nil
    }
}
