import CLibXML2

/// The one libxml2 setup hudrelay reads reports with: the JUnit parser and the HUD rows' reader
/// both make their push parsers here.
///
/// - No network (`XML_PARSE_NONET`), no DTD loaded, no external entity resolved.
/// - Entity declarations (general and unparsed) stop the parse: an entity could expand without
///   bound (billion laughs) or read a local file. Only the predefined entities and character
///   references remain, which `XML_PARSE_NOENT` substitutes.
/// - libxml2's own limits stay (no `XML_PARSE_HUGE`): an attribute value over 10 MB, or a name past
///   its bound, is an error for every reader alike (the HUD rows' reader once lifted them).
///
/// - Important: `reader` must stay alive until the parser is freed, and the SAX handler's other
///   callbacks must treat their context as that reader's type.
public enum HardenedXML {
    /// The parser options.
    public static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue)

    /// A push parser over `sax` (its entity callbacks replaced by refusals that reach `reader`)
    /// with the first `count` bytes at `first`; free it with ``free(_:)``.
    public static func pushParser(
        _ sax: inout xmlSAXHandler, reader: HardenedXMLReader, first: UnsafePointer<CChar>? = nil, count: Int = 0
    ) -> xmlParserCtxtPtr? {
        sax.initialized = 0xDEED_BEAF  // XML_SAX2_MAGIC
        sax.entityDecl = { ctx, name, _, _, _, _ in
            guard let ctx else { return }
            let entity = name.map { String(cString: $0) } ?? "?"
            Unmanaged<HardenedXMLReader>.fromOpaque(ctx).takeUnretainedValue().refuse(
                "the document declares the entity '\(entity)'; entity declarations are refused "
                    + "(they can expand without bound or read files)")
        }
        sax.unparsedEntityDecl = { ctx, name, _, _, _ in
            guard let ctx else { return }
            let entity = name.map { String(cString: $0) } ?? "?"
            Unmanaged<HardenedXMLReader>.fromOpaque(ctx).takeUnretainedValue().refuse(
                "the document declares the unparsed entity '\(entity)'; entity declarations are refused")
        }
        // A reader without a structured error handler finds errors by return code; libxml2 would
        // otherwise print them to stderr.
        if sax.serror == nil { sax.serror = { _, _ in } }
        sax.getEntity = nil
        sax.resolveEntity = nil
        sax.externalSubset = nil
        let context = Unmanaged.passUnretained(reader).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, context, first, Int32(count), nil) else { return nil }
        xmlCtxtUseOptions(ctxt, options)
        reader.parser = ctxt
        return ctxt
    }

    /// Frees a parser made by ``pushParser(_:reader:first:count:)``, with the document libxml2
    /// builds of its own for an entity declaration ("SAX compat mode") even when the parse stopped.
    public static func free(_ ctxt: xmlParserCtxtPtr) {
        if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
        xmlFreeParserCtxt(ctxt)
    }
}
