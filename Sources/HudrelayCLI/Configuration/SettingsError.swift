/// A setting that makes no sense, named as the user gave it (flag, environment variable or file
/// key); `serve`, `work` and the other commands stop with this one line.
struct SettingsError: Error, CustomStringConvertible {
    /// The line to print.
    let description: String

    /// An error saying `description`.
    init(_ description: String) { self.description = description }
}
