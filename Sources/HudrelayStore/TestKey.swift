import Crypto
import Foundation

/// A test's 128-bit key: the MD5 of its identity (repo, file, classname, name), each part prefixed
/// by its length in bytes and a colon. The database's `hudrelay_test_key()` computes the same
/// value; `tests.key` is unique.
///
/// MD5 serves as a fingerprint here, not as a defence: identities come from authenticated uploads,
/// and an accidental collision among 128-bit keys is out of reach for any realistic test count.
public enum TestKey {
    /// The key of one identity.
    public static func make(repo: String, file: String, classname: String, name: String) -> UUID {
        var md5 = Insecure.MD5()
        for part in [repo, file, classname, name] {
            var part = part
            md5.update(data: Array("\(part.utf8.count):".utf8))
            part.withUTF8 { md5.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        let d = Array(md5.finalize())
        return UUID(
            uuid: (
                d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]
            ))
    }
}
