import Foundation
import Testing

@testable import HudrelayHUD

/// Relay callback bodies, against the same dict built and serialized by python3.
@Suite("Relay callbacks", .timeLimit(.minutes(10)))
struct RelayCallbackTests {
    static let callback: RelayCallback = {
        var payload = PyDict()
        payload["action"] = .string("synchronize")
        var pr = PyDict()
        pr["number"] = .int(179_565)
        payload["pull_request"] = .dict(pr)
        return RelayCallback(
            eventType: "pull_request", deliveryID: "a8f5f167-6e5b-4c3d-8a2e-4b5c6d7e8f9a", payload: .dict(payload),
            workflowName: "spyre-ci", runURL: "https://github.com/torch-spyre/torch-spyre/actions/runs/24033272679",
            runID: "24033272679", runAttempt: "1", jobName: "test (stage 1, aiu)", checkRunID: "98765432100",
            artifactURL: "https://hudrelay.example/jobs/7")
    }()

    @Test("in_progress and completed bodies equal Python's json.dumps of the documented dict")
    func bodiesMatchPython() throws {
        let when = Date(timeIntervalSince1970: 1_795_000_000.123456)
        let started = Self.callback.body(status: .inProgress, results: nil, now: when)
        let done = Self.callback.body(
            status: .completed, results: .init(passed: 8430, failed: 2, skipped: 20), now: when)
        let script = """
            import json, sys
            base = {"event_type": "pull_request", "delivery_id": "a8f5f167-6e5b-4c3d-8a2e-4b5c6d7e8f9a",
                    "payload": {"action": "synchronize", "pull_request": {"number": 179565}}}
            wf = {"schema_version": "1", "status": None, "conclusion": None, "name": "spyre-ci",
                  "url": "https://github.com/torch-spyre/torch-spyre/actions/runs/24033272679", "run_attempt": "1",
                  "job_name": "test (stage 1, aiu)", "check_run_id": "98765432100", "run_id": "24033272679",
                  "started_at": None, "completed_at": None}
            ts = "2026-11-18T11:06:40.123456Z"
            a = dict(wf, status="in_progress", started_at=ts, artifact_url="https://hudrelay.example/jobs/7")
            b = dict(wf, status="completed", conclusion="failure", completed_at=ts,
                     test_results={"passed": 8430, "failed": 2, "skipped": 20, "total": 8452},
                     artifact_url="https://hudrelay.example/jobs/7")
            print(json.dumps(dict(base, workflow=a)))
            print(json.dumps(dict(base, workflow=b)))
            """
        let lines = String(decoding: try ToolRun.python3(script), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines == [started, done])
    }

    @Test("success needs tests and no failure; timestamps drop zero microseconds")
    func conclusionAndTime() {
        #expect(RelayCallback.TestResults(passed: 3, failed: 0, skipped: 1).conclusion == "success")
        #expect(RelayCallback.TestResults(passed: 0, failed: 0, skipped: 4).conclusion == "success")
        #expect(RelayCallback.TestResults(passed: 0, failed: 0, skipped: 0).conclusion == "failure")
        #expect(RelayCallback.TestResults(passed: 9, failed: 1, skipped: 0).conclusion == "failure")
        #expect(RelayCallback.timestamp(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18T11:06:40Z")
    }
}
