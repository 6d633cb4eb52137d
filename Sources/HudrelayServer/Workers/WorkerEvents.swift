/// What a worker reports as it goes: metrics, and the signal that wakes clients waiting for an
/// upload. In a worker process they travel to the supervising server (``PipeWorkerEvents``).
public protocol WorkerEvents: Sendable {
    /// An upload was turned into `results` rows in `seconds`.
    func processed(seconds: Double, results: Int)
    /// An upload was marked failed because its report did not parse.
    func parseFailed()
    /// An attempt failed for a reason that may pass, and the upload went back to the queue.
    func retried()
    /// An attempt made no database progress for too long and was given up.
    func stalled()
    /// The worker is done with an upload, whatever the outcome.
    func finished()
}

/// Records a worker's events in this process's metrics and wakes `finished`'s waiters.
public struct LocalWorkerEvents: WorkerEvents {
    let metrics: ServerMetrics
    let wakeup: Wakeup?

    /// Events into `metrics`, signalling `finished` when an upload is done.
    public init(metrics: ServerMetrics, finished: Wakeup? = nil) {
        self.metrics = metrics
        self.wakeup = finished
    }

    /// See ``WorkerEvents/processed(seconds:results:)``.
    public func processed(seconds: Double, results: Int) {
        metrics.processingSeconds.record(.nanoseconds(Int64(seconds * 1e9)))
        metrics.uploadsProcessed.increment()
        metrics.resultsStored.increment(by: Int64(results))
    }

    /// See ``WorkerEvents/parseFailed()``.
    public func parseFailed() { metrics.parseFailures.increment() }

    /// See ``WorkerEvents/retried()``.
    public func retried() { metrics.processingRetries.increment() }

    /// See ``WorkerEvents/stalled()``.
    public func stalled() { metrics.processingStalls.increment() }

    /// See ``WorkerEvents/finished()``.
    public func finished() { wakeup?.signal() }
}
