import Crypto

/// A test's id, derived from its identity (repo, file, classname, name): the first 63 bits of the
/// MD5 of the four parts, each prefixed by its length in bytes and a colon. The database's
/// `hudrelay_test_id()` computes the same value.
///
/// MD5 serves as a fingerprint here, not as a defence: identities come from authenticated uploads,
/// and an insert whose id another identity holds fails instead of merging the two.
public enum TestID {
    /// The id of one identity.
    public static func make(repo: String, file: String, classname: String, name: String) -> Int64 {
        var md5 = Insecure.MD5()
        for part in [repo, file, classname, name] {
            var part = part
            md5.update(data: Array("\(part.utf8.count):".utf8))
            part.withUTF8 { md5.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        var value: UInt64 = 0
        for byte in md5.finalize().prefix(8) { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
