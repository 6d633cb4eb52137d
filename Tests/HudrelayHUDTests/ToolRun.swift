import Foundation
import HudrelayStore
import Testing

/// Runs a short-lived tool with its input and output in files.
///
/// - Important: Not pipes: a pipe's end of file waits for every process holding its write end,
///   and a long-lived server that another test starts at that moment inherits it; two such waits
///   would hold both threads of the cooperative pool on this 2-core machine.
enum ToolRun {
    /// Runs `executable` with `arguments` and `input` on its standard input; returns its standard
    /// output, and requires exit status 0.
    static func run(_ executable: String, _ arguments: [String], input: Data = Data()) throws -> Data {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-tool-\(UUID())")
        let inFile = base.appendingPathExtension("in")
        let outFile = base.appendingPathExtension("out")
        defer {
            try? FileManager.default.removeItem(at: inFile)
            try? FileManager.default.removeItem(at: outFile)
        }
        try input.write(to: inFile)
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        // posix_spawn with none of our other descriptors, not Foundation's Process: a child another
        // test starts at the same moment (moto) could inherit Process's own pipe for this one and
        // keep its wait from ever returning.
        let pid = try Subprocess.spawn(
            executable, arguments, input: inFile.path, output: .file(outFile.path), error: .inherit)
        let ended = Subprocess.wait(pid)
        try #require(ended == .exited(0), "\(executable) \(arguments.prefix(2)) ended with \(ended)")
        return try Data(contentsOf: outFile)
    }

    /// `python3 -c script` from the path.
    static func python3(_ script: String, _ arguments: [String] = [], input: Data = Data()) throws -> Data {
        try run("/usr/bin/env", ["python3", "-c", script] + arguments, input: input)
    }
}
