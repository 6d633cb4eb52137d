import HudrelayStore
import Logging

extension WorkerService {
    /// `claim` with its report: read from the report archive when the row holds only its key.
    /// `nil` when the report could not be read; the upload is then back in the queue (the archive
    /// is down: after a pause, not counted as an attempt) or failed as any attempt does (the
    /// object is missing).
    func fetched(_ claim: ClaimedUpload, _ log: Logger) async -> ClaimedUpload? {
        guard let key = claim.contentKey else { return claim }
        let archive = options.archive
        do {
            guard let bytes = try await archive.load(key: key) else {
                throw ArchiveError(.missing, "no object \(key) in \(archive.location)")
            }
            var loaded = claim
            loaded.content = bytes
            return loaded
        } catch let error as ArchiveError where error.code != .missing {
            log.warning(
                "report archive unavailable; the upload waits", metadata: ["error": "\(error)", "key": "\(key)"])
            events.retried()
            let (store, owner) = (store, name)
            try? await StepDeadline.run("putting an upload back", limit: options.stallLimit) {
                try await store.queue.deferUpload(id: claim.id, owner: owner, error: "\(error)", after: .seconds(5))
            }
        } catch {
            await failed(claim, error, log)
        }
        return nil
    }
}
