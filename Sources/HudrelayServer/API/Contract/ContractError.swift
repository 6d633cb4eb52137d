/// The contract cannot be read.
struct ContractError: Error, CustomStringConvertible {
    /// What is wrong with it.
    var description: String

    init(_ description: String) { self.description = description }
}
