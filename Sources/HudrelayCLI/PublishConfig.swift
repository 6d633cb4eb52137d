import AsyncHTTPClient
import Foundation
import HudrelayHUD
import HudrelayServer

/// The publisher's configuration from the environment (docs/hud.md has the table). Every process
/// that touches the database reads it, so that finishing a job creates the same deliveries
/// wherever it happens.
enum PublishConfig {
    /// The options from `env`; throws a one-line error for a setting that makes no sense.
    static func options(from env: [String: String], http: HTTPClient = PublishHTTP.client) throws -> PublishOptions {
        func v(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        func seconds(_ k: String) throws -> Double? {
            guard let raw = v(k) else { return nil }
            guard let s = Double(raw), s >= 0 else { throw UploadError("\(k) must be a number of seconds, got \(raw)") }
            return s
        }
        var o = PublishOptions()
        if let bucket = v("HUDRELAY_S3_BUCKET") {
            let region = v("HUDRELAY_S3_REGION") ?? v("AWS_REGION") ?? v("AWS_DEFAULT_REGION") ?? "us-east-1"
            let endpoint =
                v("HUDRELAY_S3_ENDPOINT") ?? v("AWS_ENDPOINT_URL_S3") ?? v("AWS_ENDPOINT_URL")
                ?? "https://s3.\(region).amazonaws.com"
            guard let key = v("AWS_ACCESS_KEY_ID"), let secret = v("AWS_SECRET_ACCESS_KEY") else {
                throw UploadError("HUDRELAY_S3_BUCKET is set but AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not")
            }
            let signer = SigV4(accessKey: key, secretKey: secret, sessionToken: v("AWS_SESSION_TOKEN"), region: region)
            o.sink = .s3(S3Sink(endpoint: endpoint, bucket: bucket, signer: signer, http: http))
        } else if let dir = v("HUDRELAY_HUD_DIR") {
            o.sink = .directory(DirectorySink(directory: URL(fileURLWithPath: dir)))
        }
        switch v("HUDRELAY_HUD_KEYS") ?? "run" {
        case "run": o.perJobKeys = false
        case "job": o.perJobKeys = true
        case let other: throw UploadError("HUDRELAY_HUD_KEYS must be run or job, got \(other)")
        }
        o.relayURL = v("HUDRELAY_RELAY_URL")
        if let file = v("HUDRELAY_RELAY_TOKEN_FILE") {
            o.relayToken = .file(file)
        } else if let command = v("HUDRELAY_RELAY_TOKEN_COMMAND") {
            o.relayToken = .command(command)
        }
        if o.relayURL != nil && o.relayToken == nil {
            throw UploadError("HUDRELAY_RELAY_URL is set but neither HUDRELAY_RELAY_TOKEN_FILE nor _COMMAND is")
        }
        o.failedTestsJSON = ["1", "true", "yes"].contains((v("HUDRELAY_RELAY_FAILED_TESTS") ?? "").lowercased())
        if let ci = v("HUDRELAY_CI_SERVER_URL") { o.ciServerURL = ci }
        if let quiet = try seconds("HUDRELAY_FINISH_QUIET_SECONDS") {
            o.quietPeriod = quiet == 0 ? nil : .milliseconds(Int64(quiet * 1000))
        }
        if let s = try seconds("HUDRELAY_PUBLISH_BASE_BACKOFF_SECONDS") {
            o.baseBackoff = .milliseconds(Int64(s * 1000))
        }
        if let s = try seconds("HUDRELAY_PUBLISH_MAX_BACKOFF_SECONDS") { o.maxBackoff = .milliseconds(Int64(s * 1000)) }
        if let s = try seconds("HUDRELAY_QUIET_CHECK_SECONDS") { o.quietCheckInterval = .milliseconds(Int64(s * 1000)) }
        return o
    }
}
