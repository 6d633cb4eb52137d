/// The report archive could not do what was asked: the directory or bucket is unreachable,
/// refused the request, or holds something other than what was written.
public struct ArchiveError: Error, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The directory or bucket refused or failed the request.
        case unavailable
        /// What was read back is not what was written.
        case unverified
        /// There is no object under the key.
        case missing
    }

    /// What went wrong.
    public var code: Code
    /// What was being done and why it failed.
    public var message: String

    /// An error of `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "report archive \(code.rawValue): \(message)" }

    /// Runs `body`, turning any error but an ``ArchiveError`` into an ``unavailable`` one about
    /// `doing`.
    static func wrapping<T>(_ doing: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.unavailable, "\(doing): \(error)")
        }
    }
}
