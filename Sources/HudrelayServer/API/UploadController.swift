import Foundation
import HTTPTypes
import HudrelayAPI
import HudrelayHUD
import HudrelayJUnit
import HudrelayScope
import HudrelayStore
import Hummingbird
import HummingbirdCore
import Logging

/// `POST /api/v1/uploads` and `GET /api/v1/uploads/{id}/raw`: reports in (streamed, one part at a
/// time), and back as stored. An upload's status is ``APIHandler/getUpload(_:)``.
struct UploadController<Context: RequestContext>: Sendable {
    let store: Store
    /// Where raw reports are written before the upload is answered.
    let archive: ReportArchive
    let metrics: ServerMetrics
    let maxReportBytes: Int64
    /// Whether a new job answering a relay dispatch gets its `in_progress` callback.
    let publishing: PublishSettings
    /// The declared stages a job's `stage` must be one of.
    let stages: StageCatalog

    /// Adds the upload to `uploads` and the raw download to `checked` (behind the contract's
    /// parameter checks).
    func addRoutes(uploads: RouterGroup<Context>, checked: RouterGroup<Context>) {
        uploads.post("uploads", use: upload)
        checked.get("uploads/:id/raw", use: raw)
    }

    /// Stores the body as one report of the job named by the query parameters.
    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        do {
            try await UploadToken.check(request, store: store)
            if let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") {
                return try await multipart(request, context: context, contentType: type)
            }
            let jobContext = try Self.context(from: request.formQuery)
            try checkStage(jobContext)
            let gzipHeader = request.headers[.contentEncoding]?.lowercased().contains("gzip") ?? false
            var receiver = ReportReceiver(contentEncodingGzip: gzipHeader, limit: maxReportBytes)
            for try await chunk in request.body { try receiver.consume(chunk) }
            let report = try receiver.finish()
            let filename = try Self.filename(request.formQuery.get("filename") ?? "")
            let stored = try await save(jobContext, filename: filename, report)
            metrics.bytesReceived.increment(by: report.size)
            if stored.created {
                metrics.uploadsReceived.increment()
            } else {
                metrics.uploadsDuplicate.increment()
            }
            context.logger.info(
                "report stored",
                metadata: [
                    "upload": "\(stored.id.uuidString.lowercased())", "repo": "\(jobContext.repo)",
                    "bytes": "\(report.size)",
                    "duplicate": "\(!stored.created)",
                ])
            let accepted = Components.Schemas.UploadAccepted(stored, filename: nil)
            return JSONResponse.make(try APIJSON.string(accepted), status: stored.created ? .accepted : .ok)
        } catch let problem as Problem {
            metrics.uploadsRejected.increment()
            throw problem
        } catch let error as StoreError where error.code == .badContext {
            metrics.uploadsRejected.increment()
            throw Problem.badRequest("bad_context", error.message)
        }
    }

    /// A multipart upload: a `context` JSON part and one or more `report` parts. Answers
    /// `{"uploads": [...]}` with one entry per report, in order.
    private func multipart(_ request: Request, context: Context, contentType: String) async throws -> Response {
        guard let boundary = MultipartCollector.boundary(contentType) else {
            throw Problem.badRequest("bad_multipart", "the multipart content type has no boundary")
        }
        let collector = MultipartCollector(boundary: boundary, limit: maxReportBytes)
        for try await chunk in request.body { try collector.consume(chunk) }
        let jobContext: JobContext
        if let fromPart = try collector.context() {
            jobContext = fromPart
            do { try jobContext.validate() } catch { throw Problem.badRequest("bad_context", error.message) }
        } else {
            jobContext = try Self.context(from: request.formQuery)
        }
        try checkStage(jobContext)
        guard !collector.reports.isEmpty else {
            throw Problem.badRequest("empty_report", "the multipart body has no `report` part")
        }
        for report in collector.reports { _ = try Self.filename(report.filename) }
        var entries: [Components.Schemas.UploadAccepted] = []
        var anyCreated = false
        for report in collector.reports {
            let stored = try await save(jobContext, filename: report.filename, report.received)
            metrics.bytesReceived.increment(by: report.received.size)
            if stored.created { metrics.uploadsReceived.increment() } else { metrics.uploadsDuplicate.increment() }
            anyCreated = anyCreated || stored.created
            entries.append(.init(stored, filename: report.filename))
        }
        return JSONResponse.make(
            try APIJSON.string(Components.Schemas.UploadsAccepted(uploads: entries)),
            status: anyCreated ? .accepted : .ok)
    }

    /// The raw report, gzip-encoded as stored.
    @Sendable func raw(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.uploadID(context)
        guard let content = try await store.queue.uploadContent(id: id) else {
            throw Problem.notFound("there is no upload \(id.uuidString.lowercased())")
        }
        var headers: HTTPFields = [.contentType: "application/xml", .contentEncoding: "gzip"]
        let name = content.filename.isEmpty ? "report-\(id.uuidString.lowercased()).xml" : content.filename
        headers[.contentDisposition] = "attachment; filename=\"\(name.replacingOccurrences(of: "\"", with: ""))\""
        return Response(status: .ok, headers: headers, body: try await rawBody(content.content, id: id))
    }

    /// Refuses a stage the stages file does not declare.
    func checkStage(_ c: JobContext) throws {
        guard let id = c.stage, stages.stage(id) == nil else { return }
        let declared = stages.ids.map(String.init).joined(separator: ", ")
        throw Problem.badRequest("bad_context", "stage \(id) is not declared (declared: \(declared); docs/coverage.md)")
    }

    /// The longest report file name, in characters.
    static var maxFilename: Int { 1024 }

    /// A report's file name as the client sent it: at most ``maxFilename`` characters, no NUL.
    static func filename(_ name: String) throws -> String {
        if name.unicodeScalars.count > maxFilename {
            throw Problem.badRequest("bad_filename", "filename is longer than \(maxFilename) characters")
        }
        if name.utf8.contains(0) {
            throw Problem.badRequest("bad_filename", "filename holds a NUL byte, which hudrelay does not store")
        }
        return name
    }

    static func uploadID(_ context: Context) throws -> UUID {
        guard let raw = context.parameters.get("id"), let id = UUID(uuidString: raw) else {
            throw Problem.badRequest("bad_id", "an upload id is a UUID such as 8f3c…-…")
        }
        return id
    }

    /// The job context from query parameters (or a multipart `context` part's JSON object).
    static func context(from q: FlatDictionary<Substring, Substring>) throws -> JobContext {
        do {
            var c = try JobContext { q.get($0) }
            if let raw = q.get("payload"), !raw.isEmpty { c.payload = try Self.payload(raw) }
            try c.validate()
            return c
        } catch let error as StoreError {
            throw Problem.badRequest("bad_context", "the query parameter \(error.message)")
        }
    }
}

extension UploadController {
    /// A dispatch payload in the form relay callbacks echo it: `json.dumps(json.loads(text))`.
    static func payload(_ text: String) throws -> String {
        do {
            let value = try PyJSONParser.parse(text)
            guard case .dict = value else {
                throw Problem.badRequest("bad_context", "payload must be a JSON object (the dispatch's client_payload)")
            }
            return PyJSON.dumps(value)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem.badRequest("bad_context", "payload is not JSON: \(error)")
        }
    }
}

/// JSON responses.
enum JSONResponse {
    static func make(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
