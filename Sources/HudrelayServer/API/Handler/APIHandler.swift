import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayScope
import HudrelayStore
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// The JSON API's operations as the contract declares them (`APIProtocol`, generated from
/// `openapi.yaml`): the server's handler for each, over the store.
///
/// A parameter reaches it checked against the contract (``ContractMiddleware``); what it throws
/// (a ``Problem``, a database outage) reaches ``ProblemMiddleware`` unwrapped from the runtime's
/// `ServerError`.
struct APIHandler: APIProtocol {
    let store: Store
    /// The flakiness rule's defaults.
    let criteria: FlakyCriteria
    /// What finishing a job publishes.
    let publishing: PublishSettings
    /// Signalled by this process's analyzer after each job (the flaky endpoints' `?wait=`).
    let analyzed: Wakeup?
    /// Signalled by this process's workers after each upload (`GET /api/v1/uploads/{id}?wait=`).
    let finished: Wakeup
    /// The declared rollout stages.
    let stages: StageCatalog
    /// The day the backend reached L2 on HUD (`scorecard.l2.since`).
    let l2Since: Date?

    /// How the generated code writes JSON: compact, keys sorted, `/` unescaped.
    static let configuration = Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])

    /// Adds the operations' routes to `router`, behind the contract's parameter checks.
    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group().add(middleware: ContractMiddleware<Context>(rules: .served))
        do {
            try registerHandlers(
                on: group, serverURL: Servers.root, configuration: Self.configuration,
                middlewares: [DeclaredNullsMiddleware.served])
        } catch {
            // Hummingbird's router registers without failing; the protocol's signature throws.
            preconditionFailure("the API's routes could not be registered: \(error)")
        }
    }

    /// Where the contract's paths start: they are absolute (`/api/v1/...`).
    enum Servers {
        static let root = URL(fileURLWithPath: "/")
    }

    /// The request being answered (set by ``ContractMiddleware``).
    static func request() throws -> Request {
        guard let request = APIRequest.current else {
            throw Problem(
                .internalServerError, "internal", "Internal server error", "the API was called outside a request")
        }
        return request
    }

    /// A relative URL: `path` with `params` as its query.
    static func link(_ path: String, _ params: [(String, String)]) -> String {
        path + "?" + query(params)
    }

    /// `params` percent-encoded as a query string.
    static func query(_ params: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return params.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
    }

    /// A text parameter: `nil` when absent or empty (an empty form field filters nothing).
    static func text(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
