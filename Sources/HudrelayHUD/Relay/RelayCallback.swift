import Foundation

/// A Cross-Repo CI Relay callback body (schema_version "1", `hud-format.md` §4.2): the dispatch's
/// `event_type`, `delivery_id` and `payload` carried through, then `workflow`, serialized as
/// Python's `json.dumps` does.
public struct RelayCallback: Sendable {
    /// `in_progress` or `completed`.
    public enum Status: String, Sendable {
        /// The job has started.
        case inProgress = "in_progress"
        /// The job has finished.
        case completed
    }

    /// The test counts sent with `completed`: reruns merged, so a test that passed on rerun is passed.
    public struct TestResults: Sendable, Hashable {
        /// Passed tests (with xfailed and xpassed).
        public var passed: Int
        /// Failed tests, errors included.
        public var failed: Int
        /// Skipped tests.
        public var skipped: Int

        /// Creates counts.
        public init(passed: Int, failed: Int, skipped: Int) {
            self.passed = passed
            self.failed = failed
            self.skipped = skipped
        }

        /// All tests.
        public var total: Int { passed + failed + skipped }

        /// torch-spyre's rule: success when tests ran and none failed.
        public var conclusion: String { total > 0 && failed == 0 ? "success" : "failure" }
    }

    /// The dispatch's event type (`pull_request`, `push`, `nightly`, …).
    public var eventType: String
    /// The dispatch's delivery id (the upstream commit for nightly self-reports).
    public var deliveryID: String
    /// The dispatch's payload, echoed back.
    public var payload: PyValue
    /// The workflow's name.
    public var workflowName: String
    /// The workflow run's URL.
    public var runURL: String
    /// The run id.
    public var runID: String
    /// The run attempt.
    public var runAttempt: String
    /// The job's name.
    public var jobName: String
    /// The same id for `in_progress` and `completed` (HUD updates one record with it).
    public var checkRunID: String
    /// The public page of the job on this server.
    public var artifactURL: String?

    /// Creates a callback.
    public init(
        eventType: String, deliveryID: String, payload: PyValue, workflowName: String, runURL: String, runID: String,
        runAttempt: String, jobName: String, checkRunID: String, artifactURL: String?
    ) {
        self.eventType = eventType
        self.deliveryID = deliveryID
        self.payload = payload
        self.workflowName = workflowName
        self.runURL = runURL
        self.runID = runID
        self.runAttempt = runAttempt
        self.jobName = jobName
        self.checkRunID = checkRunID
        self.artifactURL = artifactURL
    }

    /// The body for `status`, stamped `now`: `started_at` for `in_progress`; for `completed`,
    /// `completed_at`, the counts, the conclusion (`conclusion` when CI gave one, such as
    /// `timed_out` or `cancelled`, else torch-spyre's rule on the counts), `failed_tests_json` (a
    /// JSON array as a string, ``FailedTestDetail/json(_:)``) and `triage_verdict` when given.
    public func body(
        status: Status, results: TestResults?, conclusion: String? = nil, failedTests: String? = nil,
        triageVerdict: PyValue? = nil, now: Date = Date()
    ) -> String {
        var workflow = PyDict()
        workflow["schema_version"] = .string("1")
        workflow["status"] = .string(status.rawValue)
        workflow["conclusion"] =
            status == .completed ? .string(conclusion ?? results?.conclusion ?? "failure") : .null
        workflow["name"] = .string(workflowName)
        workflow["url"] = .string(runURL)
        workflow["run_attempt"] = .string(runAttempt)
        workflow["job_name"] = .string(jobName)
        workflow["check_run_id"] = .string(checkRunID)
        workflow["run_id"] = .string(runID)
        workflow["started_at"] = status == .inProgress ? .string(Self.timestamp(now)) : .null
        workflow["completed_at"] = status == .completed ? .string(Self.timestamp(now)) : .null
        if status == .completed, let results {
            var r = PyDict()
            r["passed"] = .int(Int64(results.passed))
            r["failed"] = .int(Int64(results.failed))
            r["skipped"] = .int(Int64(results.skipped))
            r["total"] = .int(Int64(results.total))
            workflow["test_results"] = .dict(r)
        }
        if let artifactURL { workflow["artifact_url"] = .string(artifactURL) }
        if status == .completed, let failedTests { workflow["failed_tests_json"] = .string(failedTests) }
        if status == .completed, let triageVerdict { workflow["triage_verdict"] = triageVerdict }
        var body = PyDict()
        body["event_type"] = .string(eventType)
        body["delivery_id"] = .string(deliveryID)
        body["payload"] = payload
        body["workflow"] = .dict(workflow)
        return PyJSON.dumps(.dict(body))
    }

    /// `s` cut to at most `bytes` UTF-8 bytes, on a character boundary.
    static func capped(_ s: String, bytes: Int) -> String {
        guard s.utf8.count > bytes else { return s }
        var out = ""
        var used = 0
        for ch in s {
            let n = ch.utf8.count
            if used + n > bytes { break }
            out.append(ch)
            used += n
        }
        return out
    }

    /// Python's `datetime.now(timezone.utc).isoformat()` with `+00:00` as `Z`: microseconds only
    /// when not zero.
    public static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = Date(timeIntervalSince1970: Double(micros / 1_000_000))
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let fraction = micros % 1_000_000
        return f.string(from: seconds) + (fraction == 0 ? "" : String(format: ".%06d", fraction)) + "Z"
    }
}
