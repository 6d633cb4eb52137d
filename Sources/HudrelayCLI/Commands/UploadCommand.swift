import ArgumentParser
import AsyncHTTPClient
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `hudrelay upload`: the client CI jobs run to hand their reports over.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload JUnit XML reports to a hudrelay server; prints one upload id per file.",
        discussion: """
            Context options not given are read from the CI's environment (GitHub Actions: GITHUB_REPOSITORY, \
            GITHUB_SHA, GITHUB_REF_NAME, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_JOB, GITHUB_WORKFLOW, RUNNER_NAME; \
            Jenkins: GIT_URL, GIT_COMMIT, GIT_BRANCH, BUILD_NUMBER, JOB_NAME, NODE_NAME, CHANGE_ID).
            """)

    @Option(help: "The server, e.g. https://hudrelay.example.org (or $HUDRELAY_SERVER).") var server: String?
    @Option(help: "An upload token (or $HUDRELAY_TOKEN).") var token: String?
    @OptionGroup var context: ContextOptions
    @Flag(help: "Wait until each upload is processed; exit 1 if any failed.") var wait = false
    @Option(help: "Seconds to wait with --wait.") var timeout = 600
    @Option(help: "Retries per request.") var retries = 8
    @Option(help: "Reports sent at once (ids are still printed in the order of the files).") var parallel = 4
    @Flag(help: "This is the job's last upload: finish the job (its results are then published).") var final = false
    @Argument(help: "Report files, globs, or directories (their *.xml).") var files: [String]

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let server = (server ?? env["HUDRELAY_SERVER"]).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }),
            !server.isEmpty
        else { throw ValidationError("give --server URL (or set HUDRELAY_SERVER)") }
        let draft = try context.draft(environment: env)
        let err = OutputStream.standardError()
        let query: [URLQueryItem]
        do { query = try draft.queryItems() } catch { throw ValidationError("\(error)") }
        let paths = try Self.expand(files)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let client = UploadClient(http: http, server: server, token: token ?? env["HUDRELAY_TOKEN"], retries: retries)
        var failed = false
        var uploaded: [(String, String)] = []
        var jobID: Int64?
        do {
            // The dispatch's payload may be too large for a query string: the job is registered first.
            if draft.hasDispatch { jobID = try await client.registerJob(json: try draft.jobJSON()) }
            for (path, result) in try await uploadAll(paths, query: query, client: client, err: err) {
                switch result {
                case .success(let (id, job)):
                    jobID = jobID ?? job
                    uploaded.append((path, id))
                case .failure:
                    failed = true
                }
            }
            if final, let jobID, !failed || !uploaded.isEmpty { try await client.finish(jobID: jobID) }
            if wait { failed = try await waitAll(uploaded, client: client, err: err) || failed }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
        if failed { throw ExitCode(1) }
    }

    /// Uploads `paths`, `parallel` at a time; prints each id (or error) once those of the files
    /// before it are printed, and returns each file's outcome in file order.
    private func uploadAll(
        _ paths: [String], query: [URLQueryItem], client: UploadClient, err: OutputStream
    ) async throws -> [(String, Result<(String, Int64?), any Error>)] {
        var results = [Result<(String, Int64?), any Error>?](repeating: nil, count: paths.count)
        var printed = 0
        try await withThrowingTaskGroup(of: (Int, Result<(String, Int64?), any Error>).self) { group in
            var started = 0
            func start(_ i: Int) {
                group.addTask {
                    do {
                        let (id, _, job) = try await client.upload(path: paths[i], query: query)
                        return (i, .success((id, job)))
                    } catch {
                        return (i, .failure(error))
                    }
                }
            }
            while started < min(max(1, parallel), paths.count) {
                start(started)
                started += 1
            }
            while let (i, result) = try await group.next() {
                results[i] = result
                if started < paths.count {
                    start(started)
                    started += 1
                }
                let out = OutputStream.standardOutput()
                while printed < paths.count, let r = results[printed] {
                    switch r {
                    case .success(let (id, _)): out.line(id)
                    case .failure(let error): err.line("hudrelay: \(error)")
                    }
                    printed += 1
                }
                out.flush()
            }
        }
        return zip(paths, results.map { $0! }).map { ($0, $1) }
    }

    private func waitAll(_ uploads: [(String, String)], client: UploadClient, err: OutputStream) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var failed = false
        for (path, id) in uploads {
            while true {
                let left = Int((deadline - ContinuousClock.now).components.seconds)
                let s = try await client.status(id: id, wait: max(1, min(30, left)))
                let state = s.state.rawValue
                if s.state == .done { break }
                if s.state == .failed {
                    let line = s.errorLine ?? 0
                    let col = s.errorColumn ?? 0
                    err.line("\(path):\(line):\(col): \(s.error ?? "failed") (upload \(id))")
                    failed = true
                    break
                }
                if ContinuousClock.now > deadline {
                    err.line("\(path): upload \(id) is still \(state) after \(timeout) s")
                    failed = true
                    break
                }
            }
        }
        return failed
    }

    /// Files from arguments: globs expanded, directories replaced by their `*.xml`.
    static func expand(_ args: [String]) throws -> [String] {
        var out: [String] = []
        for arg in args {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: arg, isDirectory: &isDir) {
                if isDir.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: arg).filter { $0.hasSuffix(".xml") }
                    out += names.sorted().map { (arg as NSString).appendingPathComponent($0) }
                } else {
                    out.append(arg)
                }
                continue
            }
            var g = glob_t()
            defer { globfree(&g) }
            if glob(arg, 0, nil, &g) == 0 {
                for i in 0..<Int(g.gl_pathc) { if let p = g.gl_pathv[i] { out.append(String(cString: p)) } }
            } else {
                throw ValidationError("no such file: \(arg)")
            }
        }
        if out.isEmpty { throw ValidationError("no report files found in \(args.joined(separator: " "))") }
        return out
    }
}
