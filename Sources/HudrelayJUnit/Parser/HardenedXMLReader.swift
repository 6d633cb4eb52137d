import CLibXML2

/// The context of a parser made by ``HardenedXML``: it hears of a refused entity declaration and
/// stops the parse. The JUnit parser's session and the HUD rows' reader are its subclasses.
open class HardenedXMLReader {
    /// The parser reading into this object, while it runs.
    public internal(set) var parser: xmlParserCtxtPtr?
    /// Why the document was refused, once it was.
    public private(set) var refusal: String?

    /// A reader with no parser yet.
    public init() {}

    /// Records `message` (``entityRefused(_:)`` says what else happens) and stops the parse.
    final func refuse(_ message: String) {
        if refusal == nil { refusal = message }
        entityRefused(message)
        if let parser { xmlStopParser(parser) }
    }

    /// Called when the document declares an entity, before the parse stops; the default does
    /// nothing more.
    open func entityRefused(_ message: String) {}
}
