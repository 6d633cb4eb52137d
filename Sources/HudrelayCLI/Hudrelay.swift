import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `hudrelay` command and its subcommands.
public struct Hudrelay: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "hudrelay",
        abstract: "Test results from accelerator CI, parsed, analysed and published to PyTorch HUD.",
        subcommands: [
            ParseCommand.self, ServeCommand.self, WorkCommand.self, MigrateCommand.self, TokenCommand.self,
            UploadCommand.self, AnalyzeCommand.self, FlakyCommand.self, DisabledTestsCommand.self, HudCommand.self,
            PublishCommand.self, StagesCommand.self, ScopeCommand.self, CoverageCommand.self, ScorecardCommand.self,
        ]
    )

    /// Creates the command (argument parsing fills it in).
    public init() {}

    /// Parses the command line and runs the chosen subcommand.
    ///
    /// Usage errors exit with status 2 (the convention of Unix tools and of `hudrelay parse`'s
    /// contract), not argument-parser's default of 64.
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                OutputStream.standardError().line(fullMessage(for: error))
                Self.terminate(status: 2)
            }
            exit(withError: error)
        }
    }

    private static func terminate(status: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }
}
