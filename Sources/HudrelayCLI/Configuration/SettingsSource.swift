import Configuration
import Foundation
import SystemPackage

/// Where settings come from, highest precedence first: the command's flags, the environment
/// (`HUDRELAY_*` for every key, plus `DATABASE_URL` and the standard `AWS_*` variables), then a
/// YAML file (`--config` or `HUDRELAY_CONFIG`). What none of them sets keeps its default.
///
/// Every value is read as text and checked by ``Settings``, so that a value that does not parse
/// stops the command with its name instead of falling back to a default.
struct SettingsSource: Sendable {
    let reader: ConfigReader
    /// The flag of each key the command has one for, for messages.
    let flagNames: [String: String]

    /// The variables read without the `HUDRELAY_` prefix, by key.
    static let unprefixed: [String: String] = [
        "database.url": "DATABASE_URL",
        "aws.accessKeyID": "AWS_ACCESS_KEY_ID",
        "aws.secretAccessKey": "AWS_SECRET_ACCESS_KEY",
        "aws.sessionToken": "AWS_SESSION_TOKEN",
        "aws.region": "AWS_REGION",
        "aws.defaultRegion": "AWS_DEFAULT_REGION",
        "aws.endpointURL.s3": "AWS_ENDPOINT_URL_S3",
        "aws.endpointURL": "AWS_ENDPOINT_URL",
    ]

    /// The sources for a command given `flags` (key → value, only those given on its command
    /// line; `flagNames` maps a key to its flag), in `environment`.
    static func load(
        flags: [String: String], flagNames: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment, file: String? = nil
    ) async throws -> SettingsSource {
        var providers: [any ConfigProvider] = []
        let given = flags.filter { !$0.value.isEmpty }
        providers.append(
            InMemoryProvider(
                name: "flags",
                values: Dictionary(
                    uniqueKeysWithValues: given.map {
                        (AbsoluteConfigKey(stringLiteral: $0.key), ConfigValue(.string($0.value), isSecret: false))
                    })))
        let nonEmpty = environment.filter { !$0.value.isEmpty }
        providers.append(
            EnvironmentVariablesProvider(environmentVariables: nonEmpty.filter { $0.key.hasPrefix("HUDRELAY_") })
                .prefixKeys(with: "hudrelay"))
        let standard = Set(unprefixed.values)
        providers.append(
            EnvironmentVariablesProvider(environmentVariables: nonEmpty.filter { standard.contains($0.key) }))
        if let path = file ?? nonEmpty["HUDRELAY_CONFIG"] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw SettingsError("the configuration file \(path) does not exist or cannot be read")
            }
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
            } catch {
                let message = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
                throw SettingsError("the configuration file \(path) is not valid YAML: \(message)")
            }
        }
        return SettingsSource(reader: ConfigReader(providers: providers), flagNames: flagNames)
    }

    /// The text of `key`, or `nil` when nothing sets it.
    func text(_ key: String) -> String? {
        reader.string(forKey: ConfigKey(stringLiteral: key)).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// How a user sets `key`: its flag (when the command has one), its environment variable, and
    /// its key in the file.
    func name(_ key: String) -> String {
        let env = Self.unprefixed[key] ?? Self.environmentName(key)
        return [flagNames[key], env, "\(key) in the file"].compactMap { $0 }.joined(separator: " / ")
    }

    /// The `HUDRELAY_` variable of `key`, as swift-configuration's environment provider spells it:
    /// a word boundary in camel case and each dot become `_` (`analysis.infraMinTests` is
    /// `HUDRELAY_ANALYSIS_INFRA_MIN_TESTS`).
    static func environmentName(_ key: String) -> String {
        var out = "HUDRELAY_"
        for component in key.split(separator: ".") {
            if !out.hasSuffix("_") { out += "_" }
            var previous: Character?
            for c in component {
                if let p = previous, p.isLowercase, c.isUppercase { out += "_" }
                out.append(c)
                previous = c
            }
        }
        return out.uppercased()
    }

    /// A whole number in `range`, or `nil` when unset.
    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = text(key) else { return nil }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw SettingsError(
                "\(name(key)) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(raw)")
        }
        return value
    }

    /// A number in `range`, or `nil` when unset.
    func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let raw = text(key) else { return nil }
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            throw SettingsError(
                "\(name(key)) must be a number from \(range.lowerBound) to \(range.upperBound), got \(raw)")
        }
        return value
    }

    /// A number of seconds (0 or more), or `nil` when unset.
    func seconds(_ key: String) throws -> Duration? {
        try double(key, in: 0...(365 * 86_400)).map { .milliseconds(Int64($0 * 1000)) }
    }

    /// `true`/`false` (also 1/0, yes/no, on/off), or `nil` when unset.
    func bool(_ key: String) throws -> Bool? {
        guard let raw = text(key) else { return nil }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingsError("\(name(key)) must be true or false, got \(raw)")
        }
    }

    /// One of `choices`, or `nil` when unset.
    func choice(_ key: String, _ choices: [String]) throws -> String? {
        guard let raw = text(key) else { return nil }
        guard choices.contains(raw) else {
            throw SettingsError("\(name(key)) must be \(choices.joined(separator: " or ")), got \(raw)")
        }
        return raw
    }
}
