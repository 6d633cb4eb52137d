import Foundation
import HudrelayJUnit
import HudrelayStore
import Logging
import ServiceLifecycle
import Synchronization

extension WorkerService {
    /// How one attempt at an upload ended.
    enum Outcome: Sendable {
        /// Loaded: this many `results` rows.
        case done(Int)
        /// The report did not parse; the upload is marked failed.
        case parseFailed(JUnitParseError)
        /// No database progress for this long; the attempt was abandoned.
        case stalled(Duration)
        /// Shutdown came and the load did not finish within the drain limit; abandoned.
        case drained
        /// Another error.
        case failed(any Error)
    }

    /// Runs one attempt under watch. The load runs in a task of its own, which this does not wait
    /// for once the attempt is given up: a `COPY` on a dead connection may never return.
    func attempt(_ claim: ClaimedUpload, _ log: Logger) async -> Outcome {
        let streamer = ReportStreamer()
        let load = streamer.start(claim, known: store.knownTests, options: options.parser)
        let (store, owner, publishing) = (store, name, options.publishing)
        let first = FirstOutcome<Outcome>()
        let finish: @Sendable (Outcome) -> Void = { first.settle($0) }
        let work = Task {
            do {
                let rows = try await store.results.completeUpload(
                    claim, owner: owner, load: load, publishing: publishing)
                finish(.done(rows))
            } catch {
                guard let parseError = streamer.parseError else { return finish(.failed(error)) }
                do {
                    try await store.queue.failUpload(
                        id: claim.id, owner: owner, error: parseError.message, kind: parseError.kind.rawValue,
                        line: parseError.line, column: parseError.column, publishing: publishing)
                    finish(.parseFailed(parseError))
                } catch {
                    finish(.failed(error))
                }
            }
        }
        let watch = Task { await watchdog(claim, load.progress, finish, log) }
        // Shutdown starts the drain clock: the load may still commit within it.
        let settled = await first.wait(drain: options.drainLimit) { .drained }
        watch.cancel()
        let outcome = settled ?? .failed(CancellationError())
        // Ended by the load itself these do nothing; otherwise they stop the parser and ask the
        // load to stop, which it may not do on a dead connection.
        work.cancel()
        load.cancel()
        return outcome
    }

    /// Renews the lease while the attempt makes progress; ends the attempt when it makes none for
    /// the stall limit, or when the lease is lost.
    ///
    /// One renewal at a time: while the load's transaction holds the upload's row lock, a renewal
    /// waits for it (the lock already keeps every other worker off the upload), and renewals that
    /// piled up behind it would each hold a pooled connection until the load commits.
    private func watchdog(
        _ claim: ClaimedUpload, _ progress: AttemptProgress, _ finish: @Sendable (Outcome) -> Void, _ log: Logger
    ) async {
        let (store, owner, lease) = (store, name, options.lease)
        let tick = min(options.lease / 3, options.stallLimit / 3)
        let renewal = Locked(Renewal())
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            if Task.isCancelled { return }
            let idle = progress.idle
            if idle > options.stallLimit {
                return finish(.stalled(idle))
            }
            let start = renewal.withLock { r -> Bool in
                guard r.holds, !r.inFlight else { return false }
                r.inFlight = true
                return true
            }
            guard start else { continue }
            Task {
                do {
                    // Not held: the load has just committed, or will find out itself when it locks
                    // the upload. Either way there is nothing left to renew; stalls are still watched.
                    let holds = try await store.queue.renewLease(id: claim.id, owner: owner, lease: lease)
                    renewal.withLock { $0 = Renewal(holds: holds, inFlight: false) }
                } catch {
                    // Not renewed this time; the load's own progress decides whether the attempt lives.
                    log.warning("could not renew the lease", metadata: ["error": "\(error)"])
                    renewal.withLock { $0.inFlight = false }
                }
            }
        }
    }
}
