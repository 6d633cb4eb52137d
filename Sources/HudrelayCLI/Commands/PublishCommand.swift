import ArgumentParser
import Foundation
import HudrelayStore

/// `hudrelay publish`: the operator's view of the outbox of deliveries to PyTorch HUD's channels.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a job again, retry refused deliveries, or show the deliveries' status.",
        discussion: """
            The server (`hudrelay serve`) makes the deliveries; this command changes what it will deliver. \
            --job finishes the job (if it was not) and delivers its rows again under the same keys; \
            --since does that for every job finished since a time; --retry-failed puts refused deliveries \
            back in the queue; --status (the default) lists deliveries.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Finish and publish (again) this job id.") var job: Int64?
    @Flag(help: "Put every refused delivery back in the queue.") var retryFailed = false
    @Option(help: "Publish again every job finished since this time (ISO 8601, or e.g. 2h, 3d).") var since: String?
    @Flag(help: "Show the deliveries (default when nothing else is asked).") var status = false
    @Option(help: "With --status: only this state (pending, sending, done, failed).") var state: String?
    @Option(help: "With --status: at most this many deliveries.") var limit = 50

    func run() async throws {
        let logger = LogSetup.logger()
        let since = try self.since.map(Self.parseTime)
        let settings = try await database.settings()
        let publishing = settings.publish.settings
        let failed: Bool = try await database.withStore(logger: logger, migrate: true, settings: settings) { store in
            var failed = false
            if let job {
                if try await store.outbox.requestFinish(jobID: job, republish: true, publishing: publishing) {
                    print("job \(job): finished and queued for publishing")
                } else {
                    OutputStream.standardError().line("hudrelay: there is no job \(job)")
                    failed = true
                }
            }
            if retryFailed { print("\(try await store.outbox.retryFailedPublishes()) refused deliveries queued again") }
            if let since {
                print(
                    "\(try await store.outbox.republish(since: since, publishing: publishing)) jobs queued for publishing again"
                )
            }
            if status || (job == nil && !retryFailed && since == nil) {
                let stats = try await store.outbox.publishStats()
                let counts = ["pending", "sending", "done", "failed"].map { "\($0) \(stats.counts[$0] ?? 0)" }
                print(counts.joined(separator: ", "))
                for t in try await store.outbox.publishTasks(state: state, limit: limit) {
                    var line = "#\(t.id) \(t.target) \(t.subject) job \(t.jobID): \(t.state)"
                    line += " (generation \(t.generation), delivered \(t.sentGeneration), attempts \(t.attempts))"
                    if let s = t.lastStatus { line += " last status \(s)" }
                    if let e = t.lastError { line += ": \(e)" }
                    if let b = t.responseBody, !b.isEmpty { line += " | \(b.prefix(200))" }
                    print(line)
                }
            }
            return failed
        }
        if failed { throw ExitCode(1) }
    }

    /// An ISO 8601 time, or an age such as `90m`, `2h`, `3d` before now.
    static func parseTime(_ s: String) throws -> Date {
        if let unit = s.last, let n = Double(s.dropLast()), let scale = ["m": 60.0, "h": 3600.0, "d": 86400.0][unit] {
            return Date().addingTimeInterval(-n * scale)
        }
        let f = ISO8601DateFormatter()
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withFullDate]
        if let d = f.date(from: s) { return d }
        throw ValidationError("--since must be an ISO 8601 time or an age such as 2h or 3d, got \(s)")
    }
}
