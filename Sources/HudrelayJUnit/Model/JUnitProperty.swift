/// A `<property name=… value=…>` of a report, a suite or a test case.
///
/// Some writers put the value in the element's text instead of a `value` attribute; the parser
/// takes either.
public struct JUnitProperty: Sendable, Hashable, Codable {
    /// The property's name (empty when the element had none).
    public var name: String
    /// The property's value (empty when the element had none).
    public var value: String

    /// Creates a property.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
