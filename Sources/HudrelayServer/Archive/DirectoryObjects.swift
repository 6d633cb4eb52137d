import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The blocking file operations of a directory ``ReportArchive``: each object is a file at
/// `<root>/<key>`. Called on a thread of their own (``Blocking``), never on the cooperative pool.
struct DirectoryObjects {
    let root: URL

    func path(_ key: String) -> String { root.appendingPathComponent(key).path }

    /// Writes `bytes` to a temporary file next to the object, syncs it, renames it into place,
    /// syncs the folder, then reads the object back and compares digests.
    func write(key: String, bytes: [UInt8]) throws {
        let final = path(key)
        let folder = (final as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = final + ".tmp-\(UUID().uuidString)"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ArchiveError(.unavailable, "cannot create \(temporary): \(Self.lastError())") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && Glibc.errno == EINTR { continue }
                    guard n > 0 else {
                        throw ArchiveError(.unavailable, "cannot write \(temporary): \(Self.lastError())")
                    }
                    offset += n
                }
            }
            guard fsync(fd) == 0 else {
                throw ArchiveError(.unavailable, "cannot sync \(temporary): \(Self.lastError())")
            }
        }
        guard rename(temporary, final) == 0 else {
            throw ArchiveError(.unavailable, "cannot rename \(temporary) into place: \(Self.lastError())")
        }
        ok = true
        let dir = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            defer { close(dir) }
            guard fsync(dir) == 0 else {
                throw ArchiveError(.unavailable, "cannot sync \(folder): \(Self.lastError())")
            }
        }
        guard let back = try read(key: key), SHA256.hash(data: back) == SHA256.hash(data: bytes) else {
            throw ArchiveError(.unverified, "\(final) does not hold the \(bytes.count) bytes just written")
        }
    }

    /// The object's bytes; `nil` when there is no such file.
    func read(key: String) throws -> [UInt8]? {
        let file = path(key)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return Array(try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    /// The object's size; `nil` when there is no such file.
    func size(key: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path(key)) else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }

    /// The object, open for reading; `nil` when there is no such file.
    func open(key: String) -> FileHandle? { FileHandle(forReadingAtPath: path(key)) }

    /// Removes the object (none there is fine).
    func delete(key: String) throws {
        guard unlink(path(key)) == 0 || Glibc.errno == ENOENT else {
            throw ArchiveError(.unavailable, "cannot delete \(path(key)): \(Self.lastError())")
        }
    }

    static func lastError() -> String { String(cString: strerror(Glibc.errno)) }
}
