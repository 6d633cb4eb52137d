import ArgumentParser
import AsyncHTTPClient
import Foundation
import HudrelayHUD
import HudrelayStore
import NIOCore

/// `hudrelay hud report`: posts a job's Cross-Repo CI Relay callback from inside the CI job, where
/// the relay's OIDC token can be minted.
struct HudReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Post the job's relay callback (in_progress or completed) to the Cross-Repo CI Relay.",
        discussion: """
            Asks the hudrelay server for the job's callback body (its counts, its page as artifact_url), \
            fetches a GitHub Actions OIDC token for the audience pytorch-cross-repo-ci-relay (the job needs \
            `permissions: id-token: write`) unless --token-file is given, and posts the body to the relay. \
            The job is named by the same context options as `hudrelay upload` (read from the CI's \
            environment when absent), including the dispatch (--dispatch-file, or the repository_dispatch \
            event's client_payload).
            """)

    @Option(help: "in_progress or completed.") var status: String
    @Option(help: "The hudrelay server (or $HUDRELAY_SERVER).") var server: String?
    @Option(help: "An upload token (or $HUDRELAY_TOKEN).") var token: String?
    @Option(help: "The relay's callback URL (or $HUDRELAY_RELAY_URL).") var relayURL: String?
    @Option(help: "A file holding the relay's token, instead of GitHub's OIDC token.") var tokenFile: String?
    @Flag(help: "Print the body instead of posting it.") var dryRun = false
    @Option(help: "Retries per request to the hudrelay server.") var retries = 8
    @Option(help: "Tries of the relay post while it answers 429 (rate limit), with backoff and jitter.")
    var relayTries = 5
    @OptionGroup var context: ContextOptions

    func run() async throws {
        guard let callbackStatus = RelayCallback.Status(rawValue: status) else {
            throw ValidationError("--status must be in_progress or completed, got \(status)")
        }
        let env = ProcessInfo.processInfo.environment
        guard let server = (server ?? env["HUDRELAY_SERVER"]).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }),
            !server.isEmpty
        else { throw ValidationError("give --server URL (or set HUDRELAY_SERVER)") }
        var draft = try context.draft(environment: env)
        // The job's times for the scorecard: in_progress marks its start, completed its finish,
        // unless given.
        let now = RFC3339.string(Date())
        switch callbackStatus {
        case .inProgress: if draft[.startedAt] == nil { draft[.startedAt] = now }
        case .completed: if draft[.finishedAt] == nil { draft[.finishedAt] = now }
        }
        var check = JobContext(repo: "", sha: "")
        check.eventType = draft[.eventType]
        check.deliveryID = draft[.deliveryID]
        if let fault = check.nightlyFault { throw ValidationError(fault) }
        guard draft.hasDispatch else {
            throw ValidationError(
                "no relay dispatch: pass --delivery-id and --event-type (or --dispatch-file), or run on repository_dispatch"
            )
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await post(callbackStatus, draft: draft, server: server, env: env, http: http)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private func post(
        _ callbackStatus: RelayCallback.Status, draft: JobContextDraft, server: String, env: [String: String],
        http: HTTPClient
    ) async throws {
        let client = UploadClient(http: http, server: server, token: token ?? env["HUDRELAY_TOKEN"], retries: retries)
        let jobID = try await client.registerJob(json: try draft.jobJSON())
        let (code, body) = try await client.send(
            method: .GET, url: server + "/api/v1/jobs/\(jobID)/relay-callback?status=\(callbackStatus.rawValue)")
        guard code == 200 else {
            throw UploadError("the server answered \(code) for the callback body: \(UploadClient.problemDetail(body))")
        }
        if dryRun {
            print(body)
            return
        }
        let relayToken: String
        if let tokenFile {
            relayToken = try await TokenSource.file(tokenFile).token()
        } else {
            relayToken = try await RelayClient.githubOIDCToken(environment: env, http: http)
        }
        let relay = RelayClient(url: relayURL ?? env["HUDRELAY_RELAY_URL"] ?? RelayClient.defaultURL, http: http)
        // The relay answers 429 beyond 60 requests a minute per repository, without Retry-After:
        // back off with jitter and try again, a few times.
        var (status, answer) = try await relay.post(body: body, token: relayToken)
        var tries = 1
        while status == 429 && tries < relayTries {
            let delay = Backoff.seconds(failures: tries - 1, base: 2, cap: 30)
            FileHandle.standardError.write(
                Data("hudrelay: the relay answered 429 (rate limit); trying again in \(Int(delay.rounded()))s\n".utf8))
            try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
            (status, answer) = try await relay.post(body: body, token: relayToken)
            tries += 1
        }
        guard (200..<300).contains(status) else {
            throw UploadError(
                "the relay refused the \(callbackStatus.rawValue) callback (\(status)): \(answer.prefix(300))")
        }
        print("job \(jobID): \(callbackStatus.rawValue) callback accepted (\(status))")
    }
}
