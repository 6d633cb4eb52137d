import CLibXML2

extension JUnitParser {
    /// The size of the chunks read from the source and pushed into libxml2.
    static let chunkSize = 64 * 1024

    /// Feeds `source` through libxml2 into `session`.
    func run(_ session: ParseSession, _ source: inout some ByteSource) throws -> ReportInfo {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        let bytes = chunk.bindMemory(to: UInt8.self)

        // Read the first bytes: libxml2 detects the encoding from them.
        var filled = 0
        var start = 0
        while true {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[filled...]))
            filled += n
            while start < filled && Self.isSpace(bytes[start]) { start += 1 }
            if n == 0 || (filled - start >= 5) || filled == chunk.count { break }
        }
        if filled == 0 { throw JUnitParseError(.empty, "the report is empty (0 bytes)", line: 1, column: 1) }
        if start == filled { throw JUnitParseError(.empty, "the report holds only whitespace", line: 1, column: 1) }
        // Whitespace before the XML declaration is tolerated (codecov's fixtures have it); any
        // other leading whitespace is part of the document as usual.
        if !Self.startsWithDeclaration(bytes, from: start, to: filled) { start = 0 }
        var total = filled
        if total > options.maxInputBytes { throw tooLarge() }

        var sax = ParseSession.makeHandler()
        let userData = Unmanaged.passUnretained(session).toOpaque()
        let head = min(4, filled - start)
        let first = UnsafeRawPointer(bytes.baseAddress! + start).assumingMemoryBound(to: CChar.self)
        guard let ctxt = HardenedXML.pushParser(&sax, reader: session, first: first, count: head) else {
            throw JUnitParseError(.io, "libxml2 could not create a parser")
        }
        defer { HardenedXML.free(ctxt) }
        // Some errors (encoding conversion, I/O) are raised without the parser context and would
        // go to libxml2's generic handler, which prints to stderr. Route this thread's structured
        // handler to the session for the length of the parse instead.
        xmlSetStructuredErrorFunc(userData, sax.serror)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        var ok = feed(session, ctxt, bytes.baseAddress! + start + head, filled - start - head, terminate: false)
        while ok {
            let n = try source.read(into: chunk)
            if n == 0 { break }
            total += n
            if total > options.maxInputBytes {
                session.fail(.tooLarge, tooLarge().message)
                break
            }
            ok = feed(session, ctxt, bytes.baseAddress!, n, terminate: false)
        }
        if ok {
            session.terminating = true
            _ = feed(session, ctxt, nil, 0, terminate: true)
        }
        session.finishDocument()
        if let thrown = session.thrown { throw thrown }
        if let error = session.error { throw error }
        var info = session.info
        if let enc = ctxt.pointee.encoding { info.encoding = String(cString: enc) }
        return info
    }

    /// Pushes one chunk; returns `false` once the parse has stopped.
    private func feed(
        _ session: ParseSession, _ ctxt: xmlParserCtxtPtr, _ p: UnsafePointer<UInt8>?, _ n: Int, terminate: Bool
    ) -> Bool {
        let c = p.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        let rc = xmlParseChunk(ctxt, c, Int32(n), terminate ? 1 : 0)
        if session.error != nil || session.thrown != nil { return false }
        if rc == Int32(XML_ERR_INVALID_ENCODING.rawValue) {
            // libxml2 halts on bytes its decoder rejects without raising an error or clearing
            // `wellFormed`; only the return code tells.
            let p = session.position
            session.error = JUnitParseError(
                .malformed, "the report is not valid in its declared encoding (libxml2 code \(rc))",
                line: p.line, column: p.column)
            return false
        }
        if ctxt.pointee.wellFormed == 0 {
            let p = session.position
            session.error = JUnitParseError(
                .malformed, "XML is not well-formed (libxml2 code \(rc))", line: p.line, column: p.column)
            return false
        }
        return true
    }

    private func tooLarge() -> JUnitParseError {
        JUnitParseError(.tooLarge, "the report is larger than the limit of \(options.maxInputBytes) bytes")
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func startsWithDeclaration(_ b: UnsafeMutableBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        let decl: [UInt8] = Array("<?xml".utf8)
        guard to - from >= decl.count else { return false }
        for i in 0..<decl.count where b[from + i] != decl[i] { return false }
        return true
    }
}
