/// One entry of the relay's `failed-tests-detail` (docs/hud.md, "Failed tests"): a failed or
/// errored test of the job, within the caps the callback action documents.
public struct FailedTestDetail: Sendable, Hashable {
    /// The test's name (required by the relay).
    public var name: String
    /// Its classname.
    public var classname: String
    /// The failure message, cut to ``messageBytes``.
    public var message: String
    /// The traceback, cut to ``stacktraceBytes``.
    public var stacktrace: String
    /// Seconds, where known.
    public var duration: Double?

    /// The most entries sent.
    public static let maxEntries = 1000
    /// The most UTF-8 bytes of a message.
    public static let messageBytes = 1024
    /// The most UTF-8 bytes of a stacktrace.
    public static let stacktraceBytes = 4096

    /// Creates an entry.
    public init(name: String, classname: String, message: String, stacktrace: String, duration: Double?) {
        self.name = name
        self.classname = classname
        self.message = message
        self.stacktrace = stacktrace
        self.duration = duration
    }

    /// The list as the relay takes it: a JSON array (written as Python's `json.dumps` does) of at
    /// most ``maxEntries`` `{name, classname, message, stacktrace, duration}` objects, texts cut
    /// on a character boundary; `duration` is left out when unknown.
    public static func json(_ tests: [FailedTestDetail]) -> String {
        let items: [PyValue] = tests.prefix(maxEntries).map { t in
            var d = PyDict()
            d["name"] = .string(t.name)
            d["classname"] = .string(t.classname)
            d["message"] = .string(RelayCallback.capped(t.message, bytes: messageBytes))
            d["stacktrace"] = .string(RelayCallback.capped(t.stacktrace, bytes: stacktraceBytes))
            if let duration = t.duration, duration.isFinite { d["duration"] = .float(duration) }
            return .dict(d)
        }
        return PyJSON.dumps(.list(items))
    }
}
