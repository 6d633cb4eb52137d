import ArgumentParser
import AsyncHTTPClient
import Foundation
import HudrelayScope

/// `hudrelay scope upload`: torch-spyre's test configs at a commit, with the population and the
/// exclusions, sent to the server (`POST /api/v1/scopes`), which resolves and stores them.
struct ScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope", abstract: "Upload which tests are in scope and enabled (docs/coverage.md).",
        subcommands: [Upload.self])

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload test configs (directories read recursively), a population and exclusions at a commit.")
        @Option(help: "The hudrelay server (or $HUDRELAY_SERVER).") var server: String?
        @Option(help: "An upload token (or $HUDRELAY_TOKEN).") var token: String?
        @Option(help: "The configs' repository, owner/name.") var repo: String
        @Option(help: "The configs' commit.") var sha: String
        @Option(help: "The output of `pytest --collect-only -q`.") var population: String?
        @Option(help: "Exclusions, one pattern a line then # and the reason (default: config/scope-exclusions.txt).")
        var exclude: String?
        @Option(help: "Retries per request.") var retries = 8
        @Argument(help: "Config YAML files or directories.") var configs: [String]

        func run() async throws {
            let env = ProcessInfo.processInfo.environment
            guard
                let server = (server ?? env["HUDRELAY_SERVER"]).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }),
                !server.isEmpty
            else { throw ValidationError("give --server URL (or set HUDRELAY_SERVER)") }
            var files: [[String: String]] = []
            for path in try Self.yamlFiles(configs) {
                files.append(["path": path, "text": try Self.read(path)])
            }
            var body: [String: Any] = ["repo": repo, "sha": sha, "configs": files]
            if let population { body["population"] = try Self.read(population) }
            if let exclude { body["exclusions"] = try Self.read(exclude) }
            let json = try JSONSerialization.data(withJSONObject: body)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let client = UploadClient(
                http: http, server: server, token: token ?? env["HUDRELAY_TOKEN"], retries: retries)
            let result: (Int, String)
            do {
                result = try await client.send(method: .POST, url: server + "/api/v1/scopes", json: Array(json))
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
            guard result.0 == 201 else {
                throw UploadError("the server refused the scope (\(result.0)): \(UploadClient.problemDetail(result.1))")
            }
            print(result.1)
        }

        /// The `.yaml`/`.yml` files of `paths`, directories read recursively, sorted.
        static func yamlFiles(_ paths: [String]) throws -> [String] {
            var out: [String] = []
            for p in paths {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                    throw ValidationError("\(p): no such file or directory")
                }
                guard isDir.boolValue else {
                    out.append(p)
                    continue
                }
                let base = p.hasSuffix("/") ? p : p + "/"
                let found = (FileManager.default.enumerator(atPath: p)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                out += found.map { base + $0 }
            }
            guard !out.isEmpty else {
                throw ValidationError("no .yaml config files in \(paths.joined(separator: " "))")
            }
            return out
        }

        static func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else { throw ValidationError("\(path): cannot be read as UTF-8 text") }
            return text
        }
    }
}
