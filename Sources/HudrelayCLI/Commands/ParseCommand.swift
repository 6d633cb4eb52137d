import ArgumentParser
import HudrelayJUnit

/// `hudrelay parse`: reads JUnit XML reports and prints their counts or their tests.
struct ParseCommand: ParsableCommand {
    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case summary, json, jsonl
    }

    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse JUnit XML reports (gzip detected) and print their counts or tests.",
        discussion: """
            Exit status: 0 when every file parsed, 1 when any did not (one line on stderr: \
            FILE:LINE:COL: what is wrong), 2 for usage errors.
            """
    )

    @Option(help: "summary (for people), json (one object of counts per file), jsonl (one test per line).")
    var format: Format = .summary

    @Option(help: "The most bytes kept of each text field (messages, tracebacks, output).")
    var maxTextBytes: Int = 64 * 1024

    @Option(
        name: .customLong("path-prefix"),
        help:
            "A prefix cut from test file paths before they are normalized, repeatable (default: ${TORCH_ROOT}/ and ${TORCH_DEVICE_ROOT}/)."
    )
    var pathPrefixes: [String] = []

    @Argument(help: "Report files; - reads standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one report file, or - for standard input") }
        if maxTextBytes < 0 { throw ValidationError("--max-text-bytes must be 0 or more") }
    }

    func run() throws {
        var options = ParserOptions()
        options.maxTextBytes = maxTextBytes
        options.captureOutput = format == .jsonl
        if !pathPrefixes.isEmpty { options.paths.prefixes = pathPrefixes }
        let paths = options.paths
        let parser = JUnitParser(options: options)
        let format = self.format  // read the option once, not once per test
        let out = OutputStream.standardOutput()
        let err = OutputStream.standardError()
        var failures = 0
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            var summary = SummaryPrinter(file: name)
            do {
                let info = try parser.parse(path: file) { event in
                    guard case .test(let test) = event else { return }
                    switch format {
                    case .jsonl: out.line(test.jsonLine(report: name, paths: paths))
                    case .summary: summary.note(test)
                    case .json: break
                    }
                }
                switch format {
                case .json: out.line(info.jsonLine(file: name))
                case .summary: summary.print(info, to: out)
                case .jsonl: break
                }
            } catch let error as JUnitParseError {
                failures += 1
                if format != .summary { out.line(error.jsonLine(file: name)) }
                out.flush()
                err.line("\(name):\(error.line):\(error.column): \(error.message)")
                err.flush()
            }
        }
        out.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}
