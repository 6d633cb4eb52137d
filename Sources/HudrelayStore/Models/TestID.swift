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
        func add(_ part: String) {
            var part = part
            part.withUTF8 { bytes in
                // The length in decimal and a colon, without making a String.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { prefix in
                    var n = bytes.count
                    var i = 23
                    prefix[i] = UInt8(ascii: ":")
                    repeat {
                        i -= 1
                        prefix[i] = UInt8(ascii: "0") + UInt8(n % 10)
                        n /= 10
                    } while n > 0
                    md5.update(
                        bufferPointer: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: prefix[i..<24])))
                }
                md5.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            }
        }
        add(repo)
        add(file)
        add(classname)
        add(name)
        var value: UInt64 = 0
        for byte in md5.finalize().prefix(8) { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
