import ArgumentParser
import Foundation
import HudrelayScope

/// `hudrelay stages show`: the declared rollout stages (`--stages-file`, or the seed's table).
struct StagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "Show the declared rollout stages.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the stages: id, cards, cadence, target, scope.")
        @Option(help: "A stages YAML file (or $HUDRELAY_STAGES_FILE); the seed's table when none.") var stagesFile:
            String?

        func run() async throws {
            let catalog = try StageFile.load(stagesFile ?? ProcessInfo.processInfo.environment["HUDRELAY_STAGES_FILE"])
            let out = OutputStream.standardOutput()
            defer { out.flush() }
            out.line("stage\tname\tcards\tcadence\ttarget\tscope\tdescription")
            for s in catalog.stages {
                let target = s.target.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
                out.line(
                    "\(s.id)\t\(s.name)\t\(s.cards.map(String.init) ?? "-")\t\(s.cadence)\t\(target)\t\(s.scope.rawValue)\t\(s.description)"
                )
            }
        }
    }
}

/// Reads a stages file for the commands; a file that does not parse stops with one line.
enum StageFile {
    /// The catalog in `path`, or the seed's table when `nil`.
    static func load(_ path: String?) throws -> StageCatalog {
        guard let path, !path.isEmpty else { return .seed }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw ValidationError("\(path): cannot be read") }
        do {
            return try StageCatalog(yaml: text, file: path)
        } catch let e as ScopeError {
            throw ValidationError(e.description)
        }
    }
}
