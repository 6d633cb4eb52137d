import ArgumentParser
import Foundation
import HudrelayHUD
import HudrelayJUnit

/// `hudrelay hud`: PyTorch HUD's formats from the command line.
struct HudCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hud", abstract: "PyTorch HUD formats (docs/hud.md).",
        subcommands: [Rows.self, HudReportCommand.self])

    /// `hudrelay hud rows`: a report's PyTorch rows, as JSON lines or as the run's three objects.
    struct Rows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a report's PyTorch test rows (json.dumps lines), or the run's gzip objects with -o.")

        @Argument(help: "JUnit XML reports (gzip accepted).") var reports: [String]
        @Option(help: "The workflow run's id (workflow_id).") var workflowRunID: Int64
        @Option(help: "The workflow run's attempt.") var attempt: Int64 = 1
        @Option(help: "The job's numeric id (null when omitted).") var jobID: Int64?
        @Option(help: "The invoking file (default: the report's directory name).") var invokingFile: String?
        @Flag(help: "Rows exactly as PyTorch's uploader reads the XML, without merging reruns.") var plain = false
        @Option(name: .shortAndLong, help: "Write test_run_summary, failed_test_runs and test_run objects here.")
        var output: String?

        func run() async throws {
            var builder = RowsBuilder(rerunAware: !plain)
            for path in reports {
                let url = URL(fileURLWithPath: path)
                guard var bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
                    OutputStream.standardError().line("hudrelay: \(path): cannot read")
                    throw ExitCode(1)
                }
                if bytes.starts(with: [0x1F, 0x8B]) { bytes = try GzipInflater.decompress(bytes) }
                let origin = PyTorchRows.Origin(
                    workflowID: workflowRunID, workflowRunAttempt: attempt, jobID: jobID,
                    invokingFile: invokingFile ?? url.deletingLastPathComponent().lastPathComponent)
                do {
                    try builder.add(report: bytes, origin: origin)
                } catch {
                    OutputStream.standardError().line("hudrelay: \(path): \(error)")
                    throw ExitCode(1)
                }
            }
            if let output {
                let sink = DirectorySink(directory: URL(fileURLWithPath: output))
                for o in try builder.objects(workflowRunID: workflowRunID, attempt: attempt) {
                    try sink.put(key: o.key, gzip: o.gzip)
                    OutputStream.standardError().line("hudrelay: \(o.key).json.gz: \(o.rows) rows")
                }
            } else {
                FileHandle.standardOutput.write(Data(builder.caseLines))
            }
        }

    }
}
