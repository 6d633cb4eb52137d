import Foundation
import HudrelayStore
import Hummingbird
import NIOCore

extension UploadController {
    /// Stores one received report: its object in the archive first (written and verified), then
    /// its row. Once the row is committed, checks the object is still there and writes it again
    /// if not: raw-report retention may have removed an identical report's object between the
    /// two steps (docs/scaling.md).
    ///
    /// Throws a 503 problem (`archive_unavailable`, with `Retry-After`) when the archive cannot
    /// take the report; nothing is recorded then, and the client's retry is safe.
    func save(
        _ jobContext: JobContext, filename: String, _ report: ReportReceiver.Received
    ) async throws
        -> StoredUpload
    {
        let archive = self.archive
        let archived = try await archiving("storing the report") {
            try await archive.store(gzip: report.gzip, sha256: report.sha256)
        }
        let store = self.store
        let publishing = self.publishing
        let stored = try await DatabaseDeadline.run("storing the report") {
            try await TransactionConflict.retrying {
                try await store.queue.storeUpload(
                    context: jobContext, filename: filename,
                    content: .archived(key: archived.key, storedBytes: archived.storedBytes),
                    sha256: report.sha256, size: report.size, publishing: publishing)
            }
        }
        try await archiving("checking the stored report") {
            if try await archive.size(key: archived.key) == nil {
                _ = try await archive.write(gzip: report.gzip, key: archived.key, sha256: report.sha256)
            }
        }
        return stored
    }

    /// Runs `body`, turning an archive failure into a 503 the client retries.
    func archiving<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ArchiveError {
            metrics.archiveFailures.increment()
            throw Problem.retryLater(
                "archive_unavailable", "Report archive unavailable",
                "the report archive (\(archive.location)) failed while \(what): \(error.message); retry", after: 5)
        }
    }

    /// The raw report of `content`, streamed from the archive or the row; 410 when retention
    /// removed it.
    func rawBody(_ content: UploadContent, id: UUID) async throws -> ResponseBody {
        switch content {
        case .inline(let bytes):
            return ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        case .expired(let at):
            throw Self.expired(id, at: at)
        case .archived(let key, _):
            let archive = self.archive
            guard try await archiving("looking up the report", { try await archive.size(key: key) }) != nil else {
                throw Problem(
                    .gone, "report_missing", "Report missing",
                    "the raw report of upload \(id.uuidString.lowercased()) is not in the report archive "
                        + "(\(archive.location)) under \(key); its results stay")
            }
            return ResponseBody { writer in
                _ = try await archive.stream(key: key) { try await writer.write($0) }
                try await writer.finish(nil)
            }
        }
    }

    /// 410 for a report raw-report retention removed.
    static func expired(_ id: UUID, at: Date) -> Problem {
        let when = at.formatted(.iso8601)
        return Problem(
            .gone, "report_expired", "Past retention",
            "the raw report of upload \(id.uuidString.lowercased()) was removed at \(when) by raw-report "
                + "retention (retention.reportsDays, HUDRELAY_RETENTION_REPORTS_DAYS; docs/scaling.md); its results stay"
        )
    }
}
