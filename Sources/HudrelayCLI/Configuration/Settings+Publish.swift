import AsyncHTTPClient
import Foundation
import HudrelayHUD
import HudrelayServer

extension Settings {
    /// The publisher's settings (docs/hud.md has the table). Every process that touches the
    /// database reads them, so that finishing a job creates the same deliveries wherever it
    /// happens.
    static func publishOptions(_ s: SettingsSource, http: HTTPClient = PublishHTTP.client) throws -> PublishOptions {
        var o = PublishOptions()
        if let bucket = s.text("s3.bucket") {
            o.sink = .s3(try s3Sink(s, bucket: bucket, key: "s3.bucket", http: http))
        } else if let dir = s.text("hud.dir") {
            o.sink = .directory(DirectorySink(directory: URL(fileURLWithPath: dir)))
        }
        o.perJobKeys = try s.choice("hud.keys", ["run", "job"]) == "job"
        o.relayURL = s.text("relay.url")
        if let file = s.text("relay.tokenFile") {
            o.relayToken = .file(file)
        } else if let command = s.text("relay.tokenCommand") {
            o.relayToken = .command(command)
        }
        if o.relayURL != nil && o.relayToken == nil {
            throw SettingsError("HUDRELAY_RELAY_URL is set but neither HUDRELAY_RELAY_TOKEN_FILE nor _COMMAND is")
        }
        o.failedTestsJSON = try s.bool("relay.failedTests") ?? false
        o.triageVerdict = try s.bool("relay.triageVerdict") ?? true
        if let perMinute = try s.int("relay.perMinute", in: 1...60) { o.relayPacer = RelayPacer(limit: perMinute) }
        if let ci = s.text("ci.serverURL") { o.ciServerURL = ci }
        if let quiet = try s.seconds("finishQuietSeconds") { o.quietPeriod = quiet == .zero ? nil : quiet }
        if let d = try s.seconds("publish.baseBackoffSeconds") { o.baseBackoff = d }
        if let d = try s.seconds("publish.maxBackoffSeconds") { o.maxBackoff = d }
        if let d = try s.seconds("quietCheckSeconds") { o.quietCheckInterval = d }
        return o
    }

    /// A client of `bucket` at the publisher's S3 endpoint, region and credentials (`s3.endpoint`,
    /// `s3.region`, `AWS_*`); `key` names the setting that asked for it, for the error.
    static func s3Sink(_ s: SettingsSource, bucket: String, key: String, http: HTTPClient) throws -> S3Sink {
        let region = s.text("s3.region") ?? s.text("aws.region") ?? s.text("aws.defaultRegion") ?? "us-east-1"
        let endpoint =
            s.text("s3.endpoint") ?? s.text("aws.endpointURL.s3") ?? s.text("aws.endpointURL")
            ?? "https://s3.\(region).amazonaws.com"
        guard let access = s.text("aws.accessKeyID"), let secret = s.text("aws.secretAccessKey") else {
            throw SettingsError("\(s.name(key)) is set but AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not")
        }
        let signer = SigV4(
            accessKey: access, secretKey: secret, sessionToken: s.text("aws.sessionToken"), region: region)
        return S3Sink(endpoint: endpoint, bucket: bucket, signer: signer, http: http)
    }

    /// Where raw reports are kept (docs/scaling.md): `reports.s3.bucket` (under
    /// `reports.s3.prefix`, at the publisher's endpoint and credentials), else the folder
    /// `reports.dir` (default `<dataDir>/reports`).
    static func reportArchive(
        _ s: SettingsSource, dataDir: String, http: HTTPClient = PublishHTTP.client
    ) throws
        -> ReportArchive
    {
        if let bucket = s.text("reports.s3.bucket") {
            let prefix = s.text("reports.s3.prefix") ?? "reports/"
            return .s3(try s3Sink(s, bucket: bucket, key: "reports.s3.bucket", http: http), prefix: prefix)
        }
        let dir = s.text("reports.dir") ?? (dataDir as NSString).appendingPathComponent("reports")
        return .directory(URL(fileURLWithPath: dir))
    }
}
