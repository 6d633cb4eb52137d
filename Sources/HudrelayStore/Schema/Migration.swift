import Crypto

/// One file of `schema/`: `NNNN_name.sql`, applied once, in order, in a transaction.
public struct Migration: Sendable, Hashable {
    /// The number the file starts with.
    public var version: Int
    /// The file name.
    public var name: String
    /// The SQL.
    public var sql: String

    /// The SHA-256 of the SQL, hex: what the ledger records.
    public var checksum: String {
        SHA256.hash(data: Array(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The migrations compiled into this build, in order.
    public static let all: [Migration] = EmbeddedSchema.files.map { file in
        Migration(version: Int(file.name.prefix(4)) ?? -1, name: file.name, sql: file.sql)
    }
}
