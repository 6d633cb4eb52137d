import ArgumentParser
import Foundation
import HudrelayStore

/// `hudrelay token create|list|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens (only their SHA-256 is stored).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it, once, alone on stdout.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "upload (CI jobs) or admin.") var scope: TokenScope = .upload
        @Option(help: "A unique name, such as the CI system that will use it.") var name: String

        func run() async throws {
            let (scope, name) = (self.scope, self.name)
            let secret = try await database.withStore(logger: LogSetup.logger(), migrate: true) { store in
                try await store.tokens.createToken(name: name, scope: scope)
            }
            let out = OutputStream.standardOutput()
            out.line(secret)
            out.flush()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (names and scopes, never secrets).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let tokens = try await database.withStore(logger: LogSetup.logger(), migrate: true) { store in
                try await store.tokens.listTokens()
            }
            let out = OutputStream.standardOutput()
            let f = ISO8601DateFormatter()
            for t in tokens {
                let state = t.revokedAt.map { "revoked \(f.string(from: $0))" } ?? "active"
                out.line("\(t.name)\t\(t.scope.rawValue)\t\(state)\tcreated \(f.string(from: t.createdAt))")
            }
            out.flush()
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The token's name.") var name: String

        func run() async throws {
            let name = self.name
            let found = try await database.withStore(logger: LogSetup.logger(), migrate: true) { store in
                try await store.tokens.revokeToken(name: name)
            }
            guard found else {
                OutputStream.standardError().line("hudrelay: no active token named \(name)")
                throw ExitCode(1)
            }
        }
    }
}

extension TokenScope: ExpressibleByArgument {}
