/// A stages file, test config, population or exclusions file that cannot be read, with where:
/// `file:line:column: message`, the one line a CLI prints and an API's problem carries.
public struct ScopeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of input was wrong: `bad_stages`, `bad_config`, `bad_population` or
    /// `bad_exclusions`.
    public var code: String
    /// The file, as the caller named it.
    public var file: String
    /// The line, from 1 (0 when the whole file is at fault).
    public var line: Int
    /// The column, from 1 (0 when unknown).
    public var column: Int
    /// What is wrong.
    public var message: String

    /// An error at a place.
    public init(code: String, file: String, line: Int = 0, column: Int = 0, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message` (the position left out where unknown).
    public var description: String {
        var place = file
        if line > 0 { place += ":\(line)" }
        if column > 0 { place += ":\(column)" }
        return "\(place): \(message)"
    }
}
