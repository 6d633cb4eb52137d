import ArgumentParser
import HudrelayStore

/// `hudrelay migrate`: applies pending migrations (or lists them with `--check`).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the database migrations in schema/ that are not applied yet.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Only list pending migrations; exit 1 when there are any.")
    var check = false

    func run() async throws {
        let logger = LogSetup.logger()
        let check = self.check
        let pending = try await database.withStore(logger: logger) { store -> [String] in
            if check { return try await store.migrator.pending().map(\.name) }
            return try await store.migrator.migrate()
        }
        let out = OutputStream.standardOutput()
        if check {
            for name in pending { out.line("pending \(name)") }
            out.flush()
            if !pending.isEmpty { throw ExitCode(1) }
        } else {
            for name in pending { out.line("applied \(name)") }
            if pending.isEmpty { out.line("up to date") }
            out.flush()
        }
    }
}
