import ArgumentParser
import HudrelayServer
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
        let settings = try await database.settings()
        let archive = settings.archive
        let (pending, moved) = try await database.withStore(logger: logger, settings: settings) {
            store -> ([String], Int) in
            if check { return (try await store.migrator.pending().map(\.name), 0) }
            let applied = try await store.migrator.migrate()
            // Reports still held in the database (from before 0010) go to the report archive.
            let mover = ReportMaintenanceService(store: store, archive: archive, retentionDays: nil, logger: logger)
            return (applied, try await mover.moveAll())
        }
        let out = OutputStream.standardOutput()
        if check {
            for name in pending { out.line("pending \(name)") }
            out.flush()
            if !pending.isEmpty { throw ExitCode(1) }
        } else {
            for name in pending { out.line("applied \(name)") }
            if pending.isEmpty { out.line("up to date") }
            if moved > 0 { out.line("moved \(moved) reports into \(archive.location)") }
            out.flush()
        }
    }
}
