import AsyncHTTPClient
import Foundation
import HudrelayHUD
import Testing

/// A moto S3 server on loopback (`scripts/moto`): the one `scripts/test` started
/// (`HUDRELAY_TEST_S3_DIR`, checking signatures), or one a test starts and stops itself.
struct Moto: Sendable {
    let dir: URL
    let endpoint: String
    let keyID: String
    let secret: String

    /// The test script's server; started here (with signature checks) when the tests run without it.
    static let shared: Moto = {
        if let raw = ProcessInfo.processInfo.environment["HUDRELAY_TEST_S3_DIR"],
            let moto = try? Moto(dir: URL(fileURLWithPath: raw))
        {
            return moto
        }
        do { return try start(auth: true) } catch { fatalError("the publisher's tests need moto: \(error)") }
    }()

    init(dir: URL) throws {
        self.dir = dir
        endpoint = try String(contentsOf: dir.appendingPathComponent("endpoint"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let keys = try String(contentsOf: dir.appendingPathComponent("keys"), encoding: .utf8).split(separator: " ")
        keyID = String(keys[0])
        secret = String(keys[1]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts a server of its own.
    static func start(auth: Bool) throws -> Moto {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString)")
        var args = ["start", dir.path]
        if !auth { args.append("--no-auth") }
        try script(args)
        return try Moto(dir: dir)
    }

    /// Stops it (the objects it held are gone).
    func stop() throws { try Self.script(["stop", dir.path]) }

    /// The port it listens on.
    var port: Int { Int(endpoint.split(separator: ":").last ?? "") ?? 0 }

    private static func script(_ args: [String]) throws {
        let p = Process()
        p.executableURL = TestDatabase.repoRoot.appendingPathComponent("scripts/moto")
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["HUDRELAY_TEST_PYTHON"] = FlakyHistory.python
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "scripts/moto \(args.joined(separator: " ")) failed")
    }

    /// A sink writing to `bucket` with this server's credentials (`secret` to sign with another).
    func sink(bucket: String, secret: String? = nil, endpoint: String? = nil) -> RowsSink {
        let signer = SigV4(accessKey: keyID, secretKey: secret ?? self.secret, region: "us-east-1")
        return .s3(
            S3Sink(endpoint: endpoint ?? self.endpoint, bucket: bucket, signer: signer, http: PublishHTTP.client))
    }

    /// Creates a bucket with versioning on, so that every write of a key shows as a version.
    func createBucket(_ bucket: String) async throws {
        _ = try await python(
            """
            import boto3, sys
            s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                              aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            s3.create_bucket(Bucket=sys.argv[4])
            s3.put_bucket_versioning(Bucket=sys.argv[4], VersioningConfiguration={"Status": "Enabled"})
            """, [endpoint, keyID, secret, bucket])
    }

    /// A new versioned bucket with a name of its own; returns the name.
    func newBucket() async throws -> String {
        let bucket = "hud-\(UUID().uuidString.prefix(8).lowercased())"
        try await createBucket(bucket)
        return bucket
    }

    /// What `Fixtures/publish/inspect_objects.py` reads from `bucket`: per key, its versions,
    /// headers, lines, and what ClickHouse (chdb) makes of it.
    func inspect(_ bucket: String) async throws -> [String: [String: Any]] {
        let script = TestDatabase.repoRoot.appendingPathComponent(
            "Tests/HudrelayServerTests/Fixtures/publish/inspect_objects.py")
        let out = try await Self.run(FlakyHistory.python, [script.path, endpoint, keyID, secret, bucket])
        return (try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String: Any]]) ?? [:]
    }

    /// Runs a python script with arguments; returns its standard output.
    func python(_ script: String, _ args: [String]) async throws -> String {
        try await Self.run(FlakyHistory.python, ["-c", script] + args)
    }

    static func run(_ executable: String, _ args: [String]) async throws -> String {
        let r = try await CLIRun.run(args, executable: URL(fileURLWithPath: executable))
        try #require(r.status == 0, "\(args.prefix(2).joined(separator: " ")) failed: \(r.stderr.suffix(500))")
        return r.stdout
    }
}

/// A free TCP port on loopback.
enum ServerSocketPort {
    static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        try #require(bound, "no free port")
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
