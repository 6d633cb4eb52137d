/// The identity under which `<testcase>` entries are attempts of one test: the suite they are in,
/// and their classname, name and file as written.
struct MergeKey: Hashable {
    var suite: Int
    var classname: String
    var name: String
    var file: String?
}
