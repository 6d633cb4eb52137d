import AsyncHTTPClient
import NIOCore

/// The HTTP client deliveries use: like `HTTPClient.shared`, but a connection that cannot be made
/// fails within 5 seconds, so a sink that is down costs a short attempt and a retry with backoff
/// rather than a request held open until its deadline.
public enum PublishHTTP {
    /// The process-wide client (never shut down, as `HTTPClient.shared`).
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.idleTimeout = .seconds(30)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
