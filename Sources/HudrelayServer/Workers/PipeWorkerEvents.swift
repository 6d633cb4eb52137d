import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A worker process's events, written one line each to a pipe that the supervising server reads
/// (``WorkerSupervisor``), which records them in its metrics.
public struct PipeWorkerEvents: WorkerEvents {
    let fd: Int32

    /// Events written to descriptor `fd`.
    public init(fd: Int32) { self.fd = fd }

    /// See ``WorkerEvents/processed(seconds:results:)``.
    public func processed(seconds: Double, results: Int) { write("processed \(seconds) \(results)") }
    /// See ``WorkerEvents/parseFailed()``.
    public func parseFailed() { write("parse_failed") }
    /// See ``WorkerEvents/retried()``.
    public func retried() { write("retried") }
    /// See ``WorkerEvents/stalled()``.
    public func stalled() { write("stalled") }
    /// See ``WorkerEvents/finished()``.
    public func finished() { write("finished") }

    private func write(_ line: String) {
        // One write of a short line to a pipe is atomic (PIPE_BUF), so workers do not interleave.
        var bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    /// Replays one line written by ``PipeWorkerEvents`` on `events`; ignores lines it does not know.
    static func replay(_ line: Substring, on events: any WorkerEvents) {
        let parts = line.split(separator: " ")
        switch parts.first {
        case "processed":
            guard parts.count == 3, let seconds = Double(parts[1]), let rows = Int(parts[2]) else { return }
            events.processed(seconds: seconds, results: rows)
        case "parse_failed": events.parseFailed()
        case "retried": events.retried()
        case "stalled": events.stalled()
        case "finished": events.finished()
        default: break
        }
    }
}
