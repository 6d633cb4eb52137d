import Foundation
import PostgresNIO

/// A PostgreSQL connection URL: `postgres://user:password@host:port/database`.
///
/// A `host` query parameter naming a directory connects through the Unix socket in it, as libpq
/// does: `postgres://hudrelay@/hudrelay?host=/srv/hudrelay/.hudrelay/socket`.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var username: String
    /// The password, if any.
    public var password: String?
    /// The TCP host, when not connecting through a socket.
    public var host: String
    /// The TCP port (also the socket's port number).
    public var port: Int
    /// The database name.
    public var database: String
    /// The directory of the Unix socket, if the URL names one.
    public var socketDirectory: String?

    /// Parses a URL; throws ``StoreError`` with code `bad_database_url` when it is not one.
    public init(_ string: String) throws {
        guard let url = URLComponents(string: string), let scheme = url.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError(.badDatabaseURL, "not a postgres:// URL: \(Self.redacted(string))")
        }
        username = url.user ?? "postgres"
        password = url.password
        host = url.host?.isEmpty == false ? url.host! : "127.0.0.1"
        port = url.port ?? 5432
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? username : path
        socketDirectory = url.queryItems?.first { $0.name == "host" && ($0.value ?? "").hasPrefix("/") }?.value
    }

    /// A socket URL for a cluster listening in `directory`.
    public init(socketDirectory: String, port: Int = 5432, username: String, database: String) {
        self.username = username
        self.password = nil
        self.host = ""
        self.port = port
        self.database = database
        self.socketDirectory = socketDirectory
    }

    /// The same server, another database.
    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The PostgresNIO client configuration.
    ///
    /// Every connection starts without JIT: compiling a statement costs 100-150 ms, more than the
    /// API's and the analysis's statements take (`analyze --rebuild` turns it back on for its
    /// statements over all the results). Over TCP the server is also asked to probe each
    /// connection after 10 s of silence (every 2 s, 3 times): the backend of a host that was cut
    /// off (no reset, packets just dropped) then ends in about 16 s and releases its
    /// transaction's locks and claims, instead of holding them until the kernel's default of two
    /// hours.
    public var configuration: PostgresClient.Configuration {
        var config: PostgresClient.Configuration
        if let socketDirectory {
            config = PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
            config.options.additionalStartupParameters = [("jit", "off")]
        } else {
            config = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            config.options.additionalStartupParameters = [("jit", "off")] + Self.keepalives
        }
        return config
    }

    /// The server-side TCP keepalive settings every TCP connection starts with.
    static let keepalives = [
        ("tcp_keepalives_idle", "10"), ("tcp_keepalives_interval", "2"), ("tcp_keepalives_count", "3"),
    ]

    /// The URL with the password left out, for logs and messages.
    public var description: String {
        if let socketDirectory { return "postgres://\(username)@/\(database)?host=\(socketDirectory)" }
        return "postgres://\(username)@\(host):\(port)/\(database)"
    }

    private static func redacted(_ s: String) -> String {
        guard let at = s.lastIndex(of: "@"), let colon = s[..<at].lastIndex(of: ":"),
            s[..<colon].hasSuffix("//") == false
        else { return s }
        return String(s[..<colon]) + ":***" + String(s[at...])
    }
}
