import HudrelayHUD
import HudrelayStore

/// How the server publishes to PyTorch HUD's channels (docs/hud.md).
public struct PublishOptions: Sendable {
    /// Where the per-test rows go (none: rows are not published).
    public var sink: RowsSink?
    /// Key rows per job instead of per workflow run attempt.
    public var perJobKeys = false
    /// The relay's callback URL, when the server sends callbacks itself.
    public var relayURL: String?
    /// Where the relay's token comes from, read anew for every callback.
    public var relayToken: TokenSource?
    /// Send `failed_tests_json` with `completed` callbacks.
    public var failedTestsJSON = false
    /// Send a `triage_verdict` with the `completed` callback of a job that did not succeed.
    public var triageVerdict = true
    /// Paces relay callbacks under the relay's limit (60 a minute per repository), across every
    /// delivery of this process.
    public var relayPacer = RelayPacer(limit: 50)
    /// The CI server's URL for the callbacks' `url` (`<server>/<repo>/actions/runs/<run id>`).
    public var ciServerURL = "https://github.com"
    /// A job with no upload for this long is finished (nil: only by request).
    public var quietPeriod: Duration? = .seconds(3600)
    /// The first retry's delay; each retry doubles it, with jitter, up to ``maxBackoff``.
    public var baseBackoff: Duration = .seconds(2)
    /// The longest delay between retries.
    public var maxBackoff: Duration = .seconds(300)
    /// How often the quiet period is checked.
    public var quietCheckInterval: Duration = .seconds(30)

    /// Nothing is published.
    public init() {}

    /// Whether the server sends relay callbacks itself.
    public var sendsRelay: Bool { relayURL != nil && relayToken != nil }

    /// The relay callback bodies for a server at `publicURL`.
    func callbacks(publicURL: String) -> CallbackBuilder {
        CallbackBuilder(
            publicURL: publicURL, ciServerURL: ciServerURL, failedTestsJSON: failedTestsJSON,
            triageVerdict: triageVerdict)
    }

    /// The store's view: which deliveries finishing a job creates.
    public var settings: PublishSettings {
        var s = PublishSettings()
        s.hudRows = sink != nil
        s.perJobKeys = perJobKeys
        s.relay = sendsRelay
        return s
    }
}
