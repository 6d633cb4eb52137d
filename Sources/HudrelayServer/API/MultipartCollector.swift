import Foundation
import HudrelayStore
import MultipartKit
import NIOCore

/// Reads a `multipart/form-data` upload as it streams: one `context` part (the job context as a
/// JSON object with the query parameters' names) and one or more `report` parts (each a report,
/// plain or gzip).
final class MultipartCollector {
    /// A finished report part.
    struct Report {
        var filename: String
        var received: ReportReceiver.Received
    }

    private let parser: MultipartParser
    private let limit: Int64
    private var headers: [String: String] = [:]
    private var receiver: ReportReceiver?
    private var contextBytes: [UInt8]?
    private var failure: (any Error)?
    private(set) var reports: [Report] = []

    /// The boundary from a `multipart/form-data; boundary=…` content type.
    static func boundary(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.lowercased().hasPrefix("boundary=") {
                return String(kv.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    init(boundary: String, limit: Int64) {
        self.parser = MultipartParser(boundary: boundary)
        self.limit = limit
        parser.onHeader = { [unowned self] name, value in self.headers[name.lowercased()] = value }
        parser.onBody = { [unowned self] body in self.body(body) }
        parser.onPartComplete = { [unowned self] in self.partComplete() }
    }

    /// Feeds the next chunk of the request body.
    func consume(_ chunk: ByteBuffer) throws {
        do {
            try parser.execute(chunk)
        } catch {
            throw Problem.badRequest("bad_multipart", "the multipart body is malformed: \(error)")
        }
        if let failure { throw failure }
    }

    /// The job context the `context` part gave, if any.
    func context() throws -> JobContext? {
        guard let bytes = contextBytes else { return nil }
        do {
            return try JobContext.fromJSON(bytes)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem.badRequest(
                "bad_context",
                "the context part is not a JSON object with repo, sha and the other context fields: \(error)")
        }
    }

    private var partName: String? { disposition("name") }

    private func disposition(_ key: String) -> String? {
        guard let value = headers["content-disposition"] else { return nil }
        for item in value.split(separator: ";") {
            let kv = item.trimmingCharacters(in: .whitespaces)
            if kv.hasPrefix(key + "=") {
                return String(kv.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    private func body(_ chunk: ByteBuffer) {
        guard failure == nil else { return }
        switch partName {
        case "context":
            var bytes = contextBytes ?? []
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > 64 * 1024 {
                failure = Problem.badRequest("bad_context", "the context part is larger than 64 KiB")
            }
            contextBytes = bytes
        case "report":
            if receiver == nil {
                guard disposition("filename") != nil else {
                    failure = Problem.badRequest(
                        "bad_multipart",
                        "a report part is a file: its Content-Disposition needs a filename (curl -F report=@path)")
                    return
                }
                let gzip = headers["content-type"]?.contains("gzip") ?? false
                receiver = ReportReceiver(contentEncodingGzip: gzip, limit: limit)
            }
            do { try receiver!.consume(chunk) } catch { failure = error }
        default:
            break
        }
    }

    private func partComplete() {
        if failure == nil, partName == "report" {
            // A report part without a byte never started a receiver.
            var r = receiver ?? ReportReceiver(contentEncodingGzip: false, limit: limit)
            do {
                reports.append(Report(filename: disposition("filename") ?? "", received: try r.finish()))
            } catch {
                failure = error
            }
        }
        receiver = nil
        headers = [:]
    }
}
