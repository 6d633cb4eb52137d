import Foundation
import HudrelayAPI
import HudrelayJUnit
import HudrelayScope
import HudrelayStore
import Hummingbird

/// `POST /api/v1/scopes`: a repository's test configs at a commit, with the population and the
/// exclusions, resolved (docs/coverage.md) and stored as that commit's scope version. A config, a
/// population or an exclusions file that cannot be read is a 400 naming the file, line and column,
/// and nothing is stored.
struct ScopesController<Context: RequestContext>: Sendable {
    let store: Store
    /// How config paths and population node ids are normalized.
    let paths: TestPathRules
    /// The largest body accepted.
    static var maxBytes: Int { 256 * 1024 * 1024 }

    /// Adds the route to `group` (`/api/v1`).
    func addRoutes(to group: RouterGroup<Context>) {
        group.post("scopes", use: upload)
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        try await UploadToken.check(request, store: store)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBytes)
        } catch {
            throw Problem(.contentTooLarge, "too_large", "Content too large", "a scope is at most 256 MiB")
        }
        let paths = self.paths
        let (repo, sha, scope) = try await Blocking.run { try Self.resolve(Data(buffer: body), paths: paths) }
        let record = try await DatabaseDeadline.run("storing the scope") {
            try await store.scopes.save(repo: repo, sha: sha, scope: scope)
        }
        context.logger.info(
            "scope stored",
            metadata: [
                "repo": "\(repo)", "sha": "\(sha)", "tests": "\(record.tests)", "enabled": "\(record.enabled)",
            ])
        return JSONResponse.make(try APIJSON.string(Components.Schemas.ScopeVersion(record)), status: .created)
    }

    /// Reads the body (`{repo, sha, configs: [{path, text}], population?, exclusions?}`) and
    /// resolves it; the default exclusions apply when the body has none.
    static func resolve(_ data: Data, paths: TestPathRules) throws -> (String, String, ResolvedScope) {
        guard let object = try? JSONSerialization.jsonObject(with: data), let body = object as? [String: Any] else {
            throw Problem.badRequest(
                "bad_scope", "the body is a JSON object {repo, sha, configs, population, exclusions}")
        }
        guard let repo = body["repo"] as? String, !repo.isEmpty, repo.unicodeScalars.count <= 200, !repo.contains("\0")
        else {
            throw Problem.badRequest("bad_scope", "repo is the configs' repository, owner/name (up to 200 characters)")
        }
        guard let sha = body["sha"] as? String, !sha.isEmpty, sha.unicodeScalars.count <= 64, !sha.contains("\0") else {
            throw Problem.badRequest("bad_scope", "sha is the configs' commit (up to 64 characters)")
        }
        guard let configs = body["configs"] as? [Any] else {
            throw Problem.badRequest("bad_scope", "configs is a list of {path, text}")
        }
        for key in ["population", "exclusions"] where !(body[key] == nil || body[key] is NSNull || body[key] is String)
        {
            throw Problem.badRequest("bad_scope", "\(key) is a text (a string) or null")
        }
        do {
            let reader = TestConfigReader(paths: paths)
            var files: [ConfigFile] = []
            for case let c in configs {
                guard let c = c as? [String: Any], let path = c["path"] as? String, let text = c["text"] as? String
                else { throw Problem.badRequest("bad_scope", "each config is {path, text}") }
                files += try reader.read(text, file: path)
            }
            var population: Population?
            if let text = body["population"] as? String {
                population = try Population(text: text, file: "population", paths: paths)
            }
            let exclusions = try ExclusionList(
                text: (body["exclusions"] as? String) ?? DefaultExclusions.text,
                file: body["exclusions"] is String ? "exclusions" : "default exclusions")
            return (repo, sha, ResolvedScope(configs: files, population: population, exclusions: exclusions))
        } catch let error as ScopeError {
            throw Problem.badRequest(error.code, error.description)
        }
    }
}
