import Foundation
import Testing

@testable import HudrelayCLI

/// The one configuration type: flags over the environment over the YAML file over the defaults,
/// and every bad value stops the command with its name.
@Suite("Settings", .timeLimit(.minutes(5)))
struct SettingsTests {
    static func settings(
        flags: [String: String] = [:], env: [String: String] = [:], yaml: String? = nil
    ) async throws -> Settings {
        var file: String?
        if let yaml {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-settings-\(UUID()).yaml")
            try yaml.write(to: url, atomically: true, encoding: .utf8)
            file = url.path
        }
        defer { if let file { try? FileManager.default.removeItem(atPath: file) } }
        let names = ServeCommand.flagNames.merging(DatabaseOptions.flagNames) { $1 }
        return try Settings(
            source: try await SettingsSource.load(flags: flags, flagNames: names, environment: env, file: file))
    }

    /// The message of the error `body` throws.
    static func failure(_ body: () async throws -> Settings) async -> String {
        do {
            _ = try await body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("a flag beats the environment, which beats the file, which beats the default")
    func precedence() async throws {
        let yaml = "http:\n  port: 9000\nanalysis:\n  infraShare: 0.5\n  infraMinTests: 3\n"
        #expect(try await Self.settings().port == 8080)
        #expect(try await Self.settings(yaml: yaml).port == 9000)
        #expect(try await Self.settings(env: ["HUDRELAY_HTTP_PORT": "9001"], yaml: yaml).port == 9001)
        let all = try await Self.settings(
            flags: ["http.port": "9002"], env: ["HUDRELAY_HTTP_PORT": "9001"], yaml: yaml)
        #expect(all.port == 9002)
        // Nested keys of the file, and camel case in the environment.
        let analysis = try await Self.settings(env: ["HUDRELAY_ANALYSIS_INFRA_MIN_TESTS": "7"], yaml: yaml).analysis
        #expect(analysis.infraShare == 0.5)
        #expect(analysis.infraMinTests == 7)
    }

    @Test("DATABASE_URL and AWS_* are read as such; other unprefixed variables are not settings")
    func standardVariables() async throws {
        let db = "postgres://u@db:5432/h"
        #expect(try await Self.settings(env: ["DATABASE_URL": db]).databaseURL == db)
        #expect(
            try await Self.settings(env: ["DATABASE_URL": db, "HUDRELAY_DATABASE_URL": db + "2"]).databaseURL == db
                + "2")
        #expect(try await Self.settings(env: ["HTTP_PORT": "1", "WORKERS": "9", "HUD_DIR": "/x"]).port == 8080)
        #expect(try await Self.settings(env: ["HUD_DIR": "/x"]).publish.sink == nil)
        let s3 = try await Self.settings(env: [
            "HUDRELAY_S3_BUCKET": "b", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
        ])
        #expect(s3.publish.sink != nil)
        #expect(
            try await Self.settings(env: ["HUDRELAY_HUD_DIR": "/srv/hud", "HUDRELAY_HUD_KEYS": "job"]).publish
                .perJobKeys)
        #expect(try await Self.settings(env: ["HUDRELAY_FINISH_QUIET_SECONDS": "0"]).publish.quietPeriod == nil)
        #expect(try await Self.settings(env: ["HUDRELAY_RELAY_FAILED_TESTS": "yes"]).publish.failedTestsJSON)
    }

    @Test(
        "a bad value stops the command with one line that names where it came from",
        arguments: [
            (["HUDRELAY_HTTP_PORT": "80x"], "--port / HUDRELAY_HTTP_PORT / http.port"),
            (["HUDRELAY_HTTP_PORT": "65536"], "from 0 to 65535, got 65536"),
            (["HUDRELAY_WORKERS": "-1"], "--workers / HUDRELAY_WORKERS"),
            (["HUDRELAY_SHUTDOWN_TIMEOUT_SECONDS": "2"], "HUDRELAY_SHUTDOWN_TIMEOUT_SECONDS"),
            (["HUDRELAY_ANALYSIS_INFRA_SHARE": "0"], "--infra-share"),
            (["HUDRELAY_ANALYSIS_INFRA_SHARE": "nan"], "--infra-share"),
            (["HUDRELAY_HUD_KEYS": "jobs"], "HUDRELAY_HUD_KEYS / hud.keys in the file must be run or job, got jobs"),
            (["HUDRELAY_RELAY_FAILED_TESTS": "maybe"], "HUDRELAY_RELAY_FAILED_TESTS"),
            (["HUDRELAY_FINISH_QUIET_SECONDS": "-5"], "HUDRELAY_FINISH_QUIET_SECONDS"),
            (["HUDRELAY_S3_BUCKET": "b"], "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not"),
            (["HUDRELAY_RELAY_URL": "https://relay"], "neither HUDRELAY_RELAY_TOKEN_FILE nor _COMMAND"),
        ])
    func badValue(env: [String: String], expected: String) async {
        let message = await Self.failure { try await Self.settings(env: env) }
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test("a missing or broken file is an error, not an empty configuration")
    func badFile() async {
        let missing = await Self.failure {
            try Settings(
                source: try await SettingsSource.load(flags: [:], environment: [:], file: "/nonexistent/h.yaml"))
        }
        #expect(missing.contains("/nonexistent/h.yaml does not exist"), "\(missing)")
        let broken = await Self.failure { try await Self.settings(yaml: "http: [1\n") }
        #expect(broken.contains("is not valid YAML"), "\(broken)")
        #expect(!broken.contains("\n"))
        let typo = await Self.failure { try await Self.settings(yaml: "http:\n  port: eighty\n") }
        #expect(typo.contains("http.port"), "\(typo)")
    }

    @Test("the environment name of a key is the one swift-configuration reads")
    func environmentNames() {
        #expect(SettingsSource.environmentName("analysis.infraMinTests") == "HUDRELAY_ANALYSIS_INFRA_MIN_TESTS")
        #expect(SettingsSource.environmentName("publicURL") == "HUDRELAY_PUBLIC_URL")
        #expect(SettingsSource.environmentName("ci.serverURL") == "HUDRELAY_CI_SERVER_URL")
        #expect(SettingsSource.environmentName("s3.bucket") == "HUDRELAY_S3_BUCKET")
    }
}
