/// Remembers the file derived for the last classname: a report's consecutive tests usually share
/// their class.
struct DerivedFileCache {
    private var classname: String?
    private var file: String?

    /// The file PyTorch's rule derives from `classname`, if any.
    mutating func file(for classname: String) -> String? {
        if classname == self.classname { return file }
        self.classname = classname
        file = PyTorchFileRule.derive(classname: classname)?.file
        return file
    }
}
