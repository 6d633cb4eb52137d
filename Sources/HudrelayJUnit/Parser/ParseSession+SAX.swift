import CLibXML2

extension ParseSession {
    /// The SAX2 handler table: only the callbacks the parser needs. ``HardenedXML`` adds the
    /// refusal of entity declarations; there is no entity lookup, no external subset and no entity
    /// resolver, so nothing outside the document is ever read.
    static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.startElementNs = { ctx, localName, _, _, _, _, nbAttributes, _, attributes in
            guard let ctx, let localName else { return }
            let session = Unmanaged<ParseSession>.fromOpaque(ctx).takeUnretainedValue()
            session.startElement(localName, SAXAttributes(base: attributes, count: Int(nbAttributes)))
        }
        sax.endElementNs = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<ParseSession>.fromOpaque(ctx).takeUnretainedValue().endElement()
        }
        sax.characters = { ctx, p, n in
            guard let ctx, let p else { return }
            Unmanaged<ParseSession>.fromOpaque(ctx).takeUnretainedValue().characters(p, Int(n))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = { ctx, p, n in
            guard let ctx, let p else { return }
            Unmanaged<ParseSession>.fromOpaque(ctx).takeUnretainedValue().characters(p, Int(n))
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            Unmanaged<ParseSession>.fromOpaque(ctx).takeUnretainedValue().libxmlError(error.pointee)
        }
        return sax
    }

    /// Records the first fatal error libxml2 reports.
    func libxmlError(_ e: xmlError) {
        guard e.level == XML_ERR_FATAL, error == nil, thrown == nil else { return }
        var text = e.message.map { String(cString: $0) } ?? "XML error \(e.code)"
        while text.last == "\n" || text.last == " " { text.removeLast() }
        var kind: JUnitParseError.Kind
        switch Int(e.code) {
        case Int(XML_ERR_DOCUMENT_EMPTY.rawValue):
            kind = .empty
        case Int(XML_ERR_ENTITY_LOOP.rawValue), Int(XML_ERR_UNDECLARED_ENTITY.rawValue):
            kind = .forbiddenEntity
        case Int(XML_ERR_TAG_NOT_FINISHED.rawValue):
            kind = .truncated
        default:
            kind = terminating && rootSeen && !rootClosed ? .truncated : .malformed
        }
        if kind == .empty {
            // libxml2 says "Document is empty" when the first thing in the file is not markup.
            kind = .malformed
            text = "the file is not XML: it does not start with an element (libxml2: \(text))"
        }
        if kind == .truncated {
            let open = frames.last.map { "<\($0.kind.name)>" } ?? "the root element"
            text = "the report is cut off: it ends inside \(open) (libxml2: \(text))"
        }
        if e.domain == Int32(XML_FROM_I18N.rawValue) || e.domain == Int32(XML_FROM_IO.rawValue) {
            kind = .malformed
            text = "the bytes are not valid in the report's encoding (libxml2: \(text))"
        }
        // Errors raised outside the parser context (encoding conversion) carry no position.
        let at = e.line > 0 ? (Int(e.line), Int(e.int2)) : position
        error = JUnitParseError(kind, text, line: at.0, column: at.1)
    }
}
