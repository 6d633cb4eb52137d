import Foundation

/// Where a relay token comes from, read anew for every call (OIDC tokens live 5 minutes).
public enum TokenSource: Sendable, Hashable {
    /// A file holding the token (whitespace around it ignored), such as one a sidecar refreshes.
    case file(String)
    /// A shell command that prints the token on standard output.
    case command(String)
    /// A fixed token.
    case literal(String)

    /// The token now. A command runs on a thread of its own, so that waiting for it never holds one
    /// of Swift's few concurrency threads.
    public func token() async throws -> String {
        guard case .command = self else { return try read() }
        return try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try read() }) }.start()
        }
    }

    /// The token, read or run in the calling thread.
    func read() throws -> String {
        switch self {
        case .literal(let t): return t
        case .file(let path):
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw HUDError("cannot read the relay token file \(path): \(error.localizedDescription)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw HUDError("the relay token file \(path) is empty") }
            return token
        case .command(let command):
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.standardError
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw HUDError("the relay token command exited with \(process.terminationStatus): \(command)")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw HUDError("the relay token command printed nothing: \(command)") }
            return token
        }
    }
}
