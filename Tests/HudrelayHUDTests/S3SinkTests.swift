import AsyncHTTPClient
import Foundation
import HudrelayJUnit
import Testing

@testable import HudrelayHUD

/// SigV4 against botocore, and objects written to a real S3-compatible server (moto) and read back
/// by boto3.
@Suite("S3 sink", .serialized, .timeLimit(.minutes(10)))
struct S3SinkTests {
    /// The test python (scripts/python-env: pytest, moto, botocore).
    static var python: String {
        ProcessInfo.processInfo.environment["HUDRELAY_TEST_PYTHON"]
            ?? PyTorchRowsTests.here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build-venv/bin/python").path
    }

    static func run(_ script: String, _ args: [String] = [], input: String = "") throws -> String {
        String(decoding: try ToolRun.run(python, ["-c", script] + args, input: Data(input.utf8)), as: UTF8.self)
    }

    @Test("the Authorization header equals botocore's for the same request")
    func signatureMatchesBotocore() throws {
        let payload = Array("{\"a\": 1}\n".utf8)
        let signer = SigV4(
            accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let path = "/hud-bucket/test_run/17000000001/1"
        let ours = signer.sign(
            method: "PUT", path: path,
            headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/json"), ("host", "127.0.0.1:9000")],
            payload: payload, date: date
        ).first { $0.0 == "Authorization" }?.1
        let script = """
            import hashlib, sys
            from botocore.auth import S3SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            body = sys.stdin.buffer.read()
            req = AWSRequest(method='PUT', url='http://127.0.0.1:9000' + sys.argv[1], data=body,
                             headers={'Content-Encoding': 'gzip', 'Content-Type': 'application/json'})
            auth = S3SigV4Auth(Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'), 's3', 'us-east-1')
            req.context['timestamp'] = sys.argv[2]
            req.headers['X-Amz-Date'] = sys.argv[2]
            req.headers['X-Amz-Content-SHA256'] = hashlib.sha256(body).hexdigest()
            canonical = auth.canonical_request(req)
            sts = auth.string_to_sign(req, canonical)
            print(auth.signature(sts, req))
            """
        let theirs = try Self.run(
            script, [path, SigV4.timestamp(date)], input: String(decoding: payload, as: UTF8.self)
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(ours?.hasSuffix("Signature=\(theirs)") == true, "\(ours ?? "nil") vs \(theirs)")
    }

    @Test("rows put to moto come back, decompress, and are json.dumps lines")
    func roundTripThroughMoto() async throws {
        let port = 20_000 + Int(getpid() % 1000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Self.python)
        server.arguments = ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL) }  // SIGTERM may be ignored (inherited)
        let endpoint = "http://127.0.0.1:\(port)"
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await Self.roundTrip(http: http, endpoint: endpoint)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    static func roundTrip(http: HTTPClient, endpoint: String) async throws {
        let signer = SigV4(accessKey: "testing", secretKey: "testing", region: "us-east-1")
        let sink = S3Sink(endpoint: endpoint, bucket: "hud-rows", signer: signer, http: http)
        var ready = false
        for _ in 0..<100 where !ready {
            do {
                try await sink.createBucket()
                ready = true
            } catch {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try #require(ready, "moto_server did not start")
        let xml = try [UInt8](
            Data(
                contentsOf: PyTorchRowsTests.corpus.appendingPathComponent(
                    "_generated__pytest-9.2.0/pytest-9.2.0-xunit2-rerunfailures-16.7-reruns2.xml")))
        let rows = try RerunRows.cases(report: xml, origin: PyTorchRowsTests.origin)
        let text = PyTorchRows.jsonLines(rows)
        try await sink.putJSON(key: "test_run/17000000001/1", gzip: try GzipDeflater.compress(Array(text.utf8)))
        let script = """
            import boto3, gzip, json, sys
            s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',
                              aws_access_key_id='testing', aws_secret_access_key='testing')
            keys = [o['Key'] for o in s3.list_objects_v2(Bucket='hud-rows')['Contents']]
            obj = s3.get_object(Bucket='hud-rows', Key=keys[0])
            assert obj['ContentEncoding'] == 'gzip' and obj['ContentType'] == 'application/json'
            body = gzip.decompress(obj['Body'].read()).decode()
            for line in body.splitlines():
                assert line == json.dumps(json.loads(line)), line
            sys.stdout.write(keys[0] + '\\n' + body)
            """
        let back = try Self.run(script, [endpoint])
        #expect(back == "test_run/17000000001/1\n" + text)
        #expect(rows.count > 10)
    }
}
