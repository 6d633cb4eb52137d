import Prometheus

/// The counters and histograms the server exports at `/metrics` (queue gauges are read from the
/// database at scrape time).
public struct ServerMetrics: Sendable {
    /// The registry; one per server, so tests can run several servers in one process.
    public let registry = PrometheusCollectorRegistry()
    let uploadsReceived: Counter
    let uploadsDuplicate: Counter
    let bytesReceived: Counter
    let uploadsRejected: Counter
    let parseFailures: Counter
    let uploadsProcessed: Counter
    let resultsStored: Counter
    let processingRetries: Counter
    let processingStalls: Counter
    let workerRestarts: Counter
    let processingSeconds: DurationHistogram
    let publishDelivered: Counter
    let publishRetried: Counter
    let publishRefused: Counter
    let archiveFailures: Counter
    let reportsMoved: Counter
    let reportsExpired: Counter
    let resultPartitionsDropped: Counter

    /// Creates the metrics.
    public init() {
        uploadsReceived = registry.makeCounter(name: "hudrelay_uploads_received_total", help: "Reports stored")
        uploadsDuplicate = registry.makeCounter(
            name: "hudrelay_uploads_duplicate_total",
            help: "Uploads that repeated an earlier one (same job, same content)")
        bytesReceived = registry.makeCounter(
            name: "hudrelay_upload_bytes_received_total", help: "Uncompressed report bytes received")
        uploadsRejected = registry.makeCounter(
            name: "hudrelay_uploads_rejected_total", help: "Upload requests answered with a 4xx")
        parseFailures = registry.makeCounter(
            name: "hudrelay_parse_failures_total", help: "Uploads marked failed because the report did not parse")
        uploadsProcessed = registry.makeCounter(
            name: "hudrelay_uploads_processed_total", help: "Uploads turned into rows")
        resultsStored = registry.makeCounter(name: "hudrelay_results_stored_total", help: "Result rows committed")
        processingRetries = registry.makeCounter(
            name: "hudrelay_processing_retries_total", help: "Transient processing failures put back in the queue")
        processingStalls = registry.makeCounter(
            name: "hudrelay_processing_stalls_total",
            help: "Attempts given up because their database work made no progress (a dead connection)")
        workerRestarts = registry.makeCounter(
            name: "hudrelay_worker_restarts_total", help: "Worker processes restarted after they ended unexpectedly")
        processingSeconds = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "hudrelay_processing", unitName: "seconds", helpText: "Time from claim to commit per upload"
            ),
            buckets: [.milliseconds(50), .milliseconds(200), .seconds(1), .seconds(5), .seconds(20), .seconds(60)])
        publishDelivered = registry.makeCounter(
            name: "hudrelay_publish_delivered_total", help: "Deliveries to HUD's channels that succeeded")
        publishRetried = registry.makeCounter(
            name: "hudrelay_publish_retries_total",
            help: "Deliveries put back after a connection error, 429 or 5xx")
        publishRefused = registry.makeCounter(
            name: "hudrelay_publish_refused_total", help: "Deliveries the target refused with a 4xx")
        archiveFailures = registry.makeCounter(
            name: "hudrelay_archive_failures_total",
            help: "Report-archive writes or reads that failed (the request was answered 503)")
        reportsMoved = registry.makeCounter(
            name: "hudrelay_reports_moved_total", help: "Reports moved from the database into the report archive")
        reportsExpired = registry.makeCounter(
            name: "hudrelay_reports_expired_total", help: "Raw reports removed by raw-report retention")
        resultPartitionsDropped = registry.makeCounter(
            name: "hudrelay_result_partitions_dropped_total",
            help: "Day partitions of results dropped by results retention")
    }
}
